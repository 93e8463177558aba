export { awsCollectors } from './registry.js';
export { awsPolicyDocument } from './permissions.js';
