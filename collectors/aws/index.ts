import type { Collector } from '../../src/types.js';
import { awsCloudtrailCollector } from './cloudtrail.js';
import { awsIamCollector } from './iam.js';

export { awsPolicyDocument } from './permissions.js';

export const awsCollectors: Collector<any>[] = [awsIamCollector, awsCloudtrailCollector];
