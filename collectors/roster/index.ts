import type { Collector } from '../../src/types.js';
import { rosterCollector } from './collector.js';
import { rosterAccessReviewsCollector } from './reviews.js';

export const rosterCollectors: Collector<any>[] = [rosterCollector, rosterAccessReviewsCollector];
export { parseRoster } from './parse.js';
export { parseMapping } from './mapping.js';
export type { RosterConfig } from './collector.js';
