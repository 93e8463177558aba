import type { Check } from '../../../src/types.js';

export const oktaChecks: Check<any>[] = [];
