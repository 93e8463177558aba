import { join } from 'node:path';
import type { Problem } from '../../src/util/problems.js';
import { checkInputFile } from '../../src/util/input-file.js';
import { parseVendorMapping } from './mapping.js';
import { parseRegister } from './register.js';

/**
 * Every problem of a vendor register, its mapping file and the assurance reports it names (a report that is not
 * a readable file is a problem at the entry's line, and so is a CUEC naming a control that `controls` lacks): `vendors.yaml:14:7  /vendors/2/criticality  must be one of…`.
 */
export function validateVendors(
  register: string,
  mapping: string | undefined,
  reportsDir: string,
  shown: (p: string) => string = (p) => p,
  controls?: Set<string>,
): Problem[] {
  const reg = parseRegister(register, shown(register));
  const problems = [...reg.problems];
  for (const e of reg.entries) {
    // Why here: a CUEC "met by" a control that does not exist (a typo, a control disabled by overrides) is met by nothing.
    for (const [i, c] of e.cuecs.entries()) {
      if (controls && c.control && !controls.has(c.control))
        problems.push({
          file: shown(register),
          line: e.line,
          col: 1,
          pointer: `cuecs/${i}/control`,
          message: `CUEC ${c.id} of ${e.vendor} names control ${c.control}, which is not in the control map (or is disabled)`,
          hint: 'name an enabled control id, or leave control out to have a person review it',
        });
    }
    if (!e.assurance?.file) continue;
    const why = checkInputFile(join(reportsDir, e.assurance.file));
    if (why)
      problems.push({
        file: shown(register),
        line: e.line,
        col: 1,
        pointer: 'assurance/file',
        message: `assurance report of ${e.vendor} (${e.assurance.file}): ${why}`,
        hint: `report paths are relative to ${shown(reportsDir) || '.'}`,
      });
  }
  if (mapping)
    problems.push(
      ...parseVendorMapping(
        mapping,
        shown(mapping),
        reg.entries.map((e) => e.vendor),
      ).problems,
    );
  return problems;
}
