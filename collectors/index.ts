import { readFileSync } from 'node:fs';
import type { Collector } from '../src/types.js';
import { packagePath } from '../src/util/paths.js';
import { awsCollectors } from './aws/index.js';
import { githubCollectors } from './github/index.js';
import { oktaCollectors } from './okta/index.js';
import { documentsCollectors } from './documents/index.js';
import { rosterCollectors } from './roster/index.js';
import { vendorsCollectors } from './vendors/index.js';

/** Every built-in collector. A test fails when a collector folder and this list disagree. */
export const builtinCollectors: Collector<any>[] = [
  ...awsCollectors,
  ...githubCollectors,
  ...oktaCollectors,
  ...rosterCollectors,
  ...documentsCollectors,
  ...vendorsCollectors,
];

/** The built-in sources and the JSON Schema of their `sources.<name>` config section. */
export const builtinSources: Record<string, Record<string, unknown>> = {
  aws: loadSchema('aws'),
  github: loadSchema('github'),
  okta: loadSchema('okta'),
  roster: loadSchema('roster'),
  documents: loadSchema('documents'),
  vendors: loadSchema('vendors'),
};

function loadSchema(source: string): Record<string, unknown> {
  return JSON.parse(readFileSync(packagePath('collectors', source, 'config.schema.json'), 'utf8')) as Record<string, unknown>;
}
