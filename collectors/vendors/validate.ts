import { join } from 'node:path';
import type { Problem } from '../../src/config/problems.js';
import { checkInputFile } from '../../src/util/input-file.js';
import { parseVendorMapping } from './mapping.js';
import { parseRegister } from './register.js';

/**
 * Every problem of a vendor register, its mapping file and the assurance reports it names (a report that is not
 * a readable file is a problem at the entry's line): `vendors.yaml:14:7  /vendors/2/criticality  must be one of…`.
 */
export function validateVendors(register: string, mapping: string | undefined, reportsDir: string, shown: (p: string) => string = (p) => p): Problem[] {
  const reg = parseRegister(register, shown(register));
  const problems = [...reg.problems];
  for (const e of reg.entries) {
    if (!e.assurance?.file) continue;
    const why = checkInputFile(join(reportsDir, e.assurance.file));
    if (why) problems.push({ file: shown(register), line: e.line, col: 1, pointer: 'assurance/file', message: `assurance report of ${e.vendor} (${e.assurance.file}): ${why}`, hint: `report paths are relative to ${shown(reportsDir) || '.'}` });
  }
  if (mapping) problems.push(...parseVendorMapping(mapping, shown(mapping), reg.entries.map((e) => e.vendor)).problems);
  return problems;
}
