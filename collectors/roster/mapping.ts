import type { RosterLink } from '../../src/evidence/types.generated.js';
import type { Problem } from '../../src/util/problems.js';
import { YamlFile } from '../../src/util/yaml-file.js';

/** One explicit account → person link (`roster.link` evidence). */
export type { RosterLink } from '../../src/evidence/types.generated.js';

const SYSTEMS = ['okta', 'github', 'aws', 'identity-center'] as const;

/** Reads the optional mapping file `{ okta: {login: email}, github: {login: email}, aws: {arn|user: email} }`. */
export function parseMapping(path: string, shown = path): { links: RosterLink[]; problems: Problem[] } {
  const { file, problems } = YamlFile.load(path, shown);
  if (!file) return { links: [], problems };
  const value = (file.value ?? {}) as Record<string, unknown>;
  const links: RosterLink[] = [];
  if (typeof value !== 'object' || Array.isArray(value)) return { links, problems: [file.problem('', 'expected a map with okta, github and/or aws sections')] };
  for (const [system, section] of Object.entries(value)) {
    if (!SYSTEMS.includes(system as (typeof SYSTEMS)[number])) {
      problems.push(file.problem(`/${system}`, `unknown system ${system}`, 'expected okta, github, aws or identity-center', true));
      continue;
    }
    if (!section || typeof section !== 'object' || Array.isArray(section)) {
      problems.push(file.problem(`/${system}`, 'expected a map of account → roster email'));
      continue;
    }
    for (const [key, email] of Object.entries(section)) {
      if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email))
        problems.push(
          file.problem(`/${system}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, `expected the person's roster email, got ${JSON.stringify(email)}`),
        );
      else links.push({ system: system as RosterLink['system'], key, email });
    }
  }
  return { links, problems };
}
