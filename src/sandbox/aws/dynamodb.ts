/**
 * DynamoDB (awsJson1_0, `DynamoDB_20120810.*`): ListTables (Limit 1–100, paged by the last table name it returned,
 * `LastEvaluatedTableName` → `ExclusiveStartTableName`) and DescribeContinuousBackups.
 */
import type { AwsCall } from './index.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';
import { regionOf } from './resources.js';
import { inRegion } from './pages.js';

// Why the namespace: DynamoDB's awsJson1_0 errors name the shape with its namespace; the SDK strips it.
const ERR = 'com.amazonaws.dynamodb.v20120810#';

function tableNames(call: AwsCall): string[] {
  return inRegion(call, call.account.spec.tables)
    .map((t) => t.name)
    .sort();
}

function limitOf(call: AwsCall): number {
  return call.json.Limit === undefined ? 100 : Number(call.json.Limit);
}

/** The page number of a ListTables call (for faults): how many pages precede its start table. */
export function dynamodbPage(call: AwsCall): number {
  const start = call.json.ExclusiveStartTableName as string | undefined;
  if (call.op !== 'ListTables' || !start) return 1;
  const names = tableNames(call);
  const limit = limitOf(call) || 100;
  return Math.floor(names.filter((n) => n <= start).length / limit) + 1;
}

export function dynamodb(call: AwsCall): AwsAnswer {
  switch (call.op) {
    case 'ListTables': {
      const limit = limitOf(call);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        return fail(
          `${ERR}ValidationException`,
          "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
        );
      const start = call.json.ExclusiveStartTableName as string | undefined;
      const names = tableNames(call).filter((n) => start === undefined || n > start);
      const page = names.slice(0, limit);
      return okJson({ TableNames: page, ...(names.length > limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}) });
    }
    case 'DescribeContinuousBackups': {
      const name = String(call.json.TableName ?? '');
      const t = (call.account.spec.tables ?? []).find((x) => x.name === name && regionOf(x) === call.region);
      if (!t) return fail(`${ERR}TableNotFoundException`, `Table not found: ${name}`);
      // Why the scenario's base time: answers stay the same for every run with the same as-of time (shards merge).
      const now = call.world.base;
      const pitr = t.pitr
        ? {
            PointInTimeRecoveryStatus: 'ENABLED',
            RecoveryPeriodInDays: 35,
            EarliestRestorableDateTime: epoch(new Date(now.getTime() - 35 * 86_400_000)),
            LatestRestorableDateTime: epoch(new Date(now.getTime() - 300_000)),
          }
        : { PointInTimeRecoveryStatus: 'DISABLED' };
      return okJson({ ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: pitr } });
    }
    default:
      return fail(`${ERR}UnknownOperationException`, `unknown operation ${call.op}`);
  }
}
