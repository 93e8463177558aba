import { ajvProblems, type Problem } from '../../src/util/problems.js';
import { YamlFile } from '../../src/util/yaml-file.js';
import { makeAjv } from '../../src/util/ajv.js';
import { packagePath } from '../../src/util/paths.js';
import { readFileSync } from 'node:fs';

/** One explicit match: a discovered third party (`okta:Zendesk Support`) → the register's vendor. */
export interface VendorMapping {
  source: 'okta' | 'github' | 'aws';
  name: string;
  vendor: string;
}

const validate = makeAjv().compile(JSON.parse(readFileSync(packagePath('schemas', 'vendors-mapping.schema.json'), 'utf8')) as Record<string, unknown>);

/** Reads the mapping file; `vendors` (the register's names) lets it name a vendor that is not in the register. */
export function parseVendorMapping(path: string, shown: string, vendors: string[]): { links: VendorMapping[]; problems: Problem[] } {
  const { file, problems } = YamlFile.load(path, shown);
  if (!file) return { links: [], problems };
  const value = file.value ?? {};
  if (!validate(value)) return { links: [], problems: ajvProblems(file, validate.errors) };
  const known = new Map(vendors.map((v) => [v.toLowerCase(), v]));
  const links: VendorMapping[] = [];
  for (const [key, vendor] of Object.entries(value as Record<string, string>)) {
    const i = key.indexOf(':');
    const pointer = `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const v = known.get(vendor.toLowerCase());
    if (!/^(okta|github|aws):./.test(key))
      problems.push(file.problem(pointer, `expected a key '<okta|github|aws>:<discovered name>', got '${key}'`, "e.g. 'okta:Zendesk Support': Zendesk", true));
    else if (!v)
      problems.push(file.problem(pointer, `maps to ${vendor}, which is not in the vendor register`, 'add the vendor to the register or fix the name'));
    else links.push({ source: key.slice(0, i) as VendorMapping['source'], name: key.slice(i + 1), vendor: v });
  }
  return { links, problems };
}
