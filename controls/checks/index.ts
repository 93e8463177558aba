import type { Check } from '../../src/types.js';
import { accessChecks } from './access/index.js';
import { awsChecks } from './aws/index.js';
import { githubChecks } from './github/index.js';
import { oktaChecks } from './okta/index.js';
import { vendorsChecks } from './vendors/index.js';

/** Every built-in check, by id. A test fails when a check file and this registry disagree. */
export const builtinChecks: Check<any>[] = [...awsChecks, ...githubChecks, ...oktaChecks, ...accessChecks, ...vendorsChecks];
