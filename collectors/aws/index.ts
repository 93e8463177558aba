import type { Collector } from '../../src/types.js';

export const awsCollectors: Collector<any>[] = [];
