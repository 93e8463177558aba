/** DynamoDB evidence: one record per table with its point-in-time recovery state. */
export type { AwsDynamodbTable as DynamoTable } from '../../../src/evidence/types.generated.js';

export const TABLE = 'aws.dynamodb.table';
