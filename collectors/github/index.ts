import type { Collector } from '../../src/types.js';

export const githubCollectors: Collector<any>[] = [];
