/** The `aws-dynamodb` collector: every table and its point-in-time recovery (ListTables, DescribeContinuousBackups). */
import type { DescribeContinuousBackupsCommandOutput, ListTablesCommandOutput } from '@aws-sdk/client-dynamodb';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { iso, paginate, rawOf, record, send } from '../call.js';
import type { AwsConfig } from '../config.js';
import { AwsCallError } from '../errors.js';
import { regionalCollector, regionalStep } from '../regional.js';
import { TABLE, type DynamoTable } from './evidence.js';
import { dynamodbViaAggregator } from './aggregator.js';
import { CONFIG_AGGREGATOR_PERMISSIONS } from '../network/aggregator.js';

type Sdk = typeof import('@aws-sdk/client-dynamodb');
type Client = InstanceType<Sdk['DynamoDBClient']>;

export const awsDynamodbCollector = regionalCollector({
  id: 'aws-dynamodb',
  title: 'Amazon DynamoDB: tables and their point-in-time recovery',
  types: [TABLE],
  permissions: ['dynamodb:ListTables', 'dynamodb:DescribeContinuousBackups'],
  load: () => import('@aws-sdk/client-dynamodb'),
  client: (sdk, config) => new sdk.DynamoDBClient(config),
  aggregated: dynamodbViaAggregator,
  aggregation: { when: (config) => Boolean(config.aggregation?.config), permissions: CONFIG_AGGREGATOR_PERMISSIONS },
  async *region(ctx, sdk, client, account, region) {
    yield* regionalStep(ctx, TABLE, `${account}/${region}`, 'dynamodb:ListTables', () => tables(ctx, sdk, client, account, region));
  },
});

async function* tables(ctx: CollectContext<AwsConfig>, sdk: Sdk, client: Client, account: string, region: string): AsyncGenerator<EvidenceRecord<DynamoTable>> {
  const scope = `${account}/${region}`;
  const names: string[] = [];
  for await (const { out, page } of paginate<ListTablesCommandOutput>(
    ctx,
    client,
    'dynamodb:ListTables',
    (t) => new sdk.ListTablesCommand({ ExclusiveStartTableName: t, Limit: 100 }),
    (o) => o.LastEvaluatedTableName,
  )) {
    await ctx.raw(scope, 'ListTables', rawOf(out), page);
    names.push(...(out.TableNames ?? []));
  }
  const op = 'dynamodb:DescribeContinuousBackups';
  for (const name of names) {
    let out: DescribeContinuousBackupsCommandOutput;
    try {
      out = await send<DescribeContinuousBackupsCommandOutput>(ctx, client, new sdk.DescribeContinuousBackupsCommand({ TableName: name }), op);
    } catch (err) {
      // Why: a table deleted between ListTables and this call no longer exists; it is not a table without recovery.
      if (err instanceof AwsCallError && (err.cause as { name?: string }).name === 'TableNotFoundException') {
        ctx.log.info('dynamodb table deleted while collecting', { scope, table: name });
        continue;
      }
      throw err;
    }
    await ctx.raw(scope, `DescribeContinuousBackups.${name}`, rawOf(out));
    const d = out.ContinuousBackupsDescription;
    const p = d?.PointInTimeRecoveryDescription;
    // Why: without the status the table cannot be judged; "DISABLED" would be a guess.
    if (!d?.ContinuousBackupsStatus || !p?.PointInTimeRecoveryStatus)
      throw new SyntaxError(`DescribeContinuousBackups answered ${name} without its recovery status`);
    yield record(TABLE, scope, op, out, {
      account,
      region,
      name,
      arn: `arn:aws:dynamodb:${region}:${account}:table/${name}`,
      continuousBackups: d.ContinuousBackupsStatus,
      pointInTimeRecovery: p.PointInTimeRecoveryStatus,
      ...(p.RecoveryPeriodInDays !== undefined ? { recoveryPeriodInDays: p.RecoveryPeriodInDays } : {}),
      ...(p.EarliestRestorableDateTime ? { earliestRestorableDateTime: iso(p.EarliestRestorableDateTime) } : {}),
    });
  }
}
