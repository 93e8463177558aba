import type { Check } from '../../../src/types.js';

export const githubChecks: Check<any>[] = [];
