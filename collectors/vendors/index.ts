import type { Collector } from '../../src/types.js';
import { vendorsCollector } from './collector.js';

export const vendorsCollectors: Collector<any>[] = [vendorsCollector];
export { parseRegister } from './register.js';
export { parseVendorMapping } from './mapping.js';
export type { VendorsConfig } from './collector.js';
export type { VendorData } from './types.js';
