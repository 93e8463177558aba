import type { Collector } from '../../src/types.js';
import { oktaCollector } from './collector.js';

export const oktaCollectors: Collector<any>[] = [oktaCollector];

export { oktaCollector };
export type { OktaConfig } from './config.js';
