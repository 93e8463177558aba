import type { Check } from '../../../src/types.js';

export const awsChecks: Check<any>[] = [];
