import type { Collector } from '../../src/types.js';
import { githubCollector } from './github.js';

export const githubCollectors: Collector<any>[] = [githubCollector];
export { githubPermissions } from './permissions.js';
