import type { Collector } from '../../src/types.js';

export const oktaCollectors: Collector<any>[] = [];
