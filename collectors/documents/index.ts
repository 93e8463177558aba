import type { Collector } from '../../src/types.js';
import { documentsCollector } from './collector.js';

export const documentsCollectors: Collector<any>[] = [documentsCollector];
export { validateDocuments, listDocuments } from './collector.js';
export type { DocumentsConfig } from './collector.js';
