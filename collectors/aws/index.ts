export { awsCollectors } from './all.js';
export { awsPolicyDocument } from './permissions.js';
