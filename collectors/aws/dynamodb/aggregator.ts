/**
 * `aws-dynamodb` through the AWS Config aggregator (aggregation mode, `sources.aws.aggregation.config`): one
 * SelectAggregateResourceConfig query for AWS::DynamoDB::Table, every page, in the aggregator's account. Config records
 * a table's point-in-time recovery in `supplementaryConfiguration.ContinuousBackupsDescription`
 * (`continuousBackupsStatus`, `pointInTimeRecoveryDescription.pointInTimeRecoveryStatus`, as Config's own
 * DYNAMODB_PITR_ENABLED evaluation reads it); a table item without it is `invalid-response` for its account/region,
 * never "disabled". Coverage gaps and failed pages as in network/aggregator.ts.
 */
import type { CollectContext, CollectorEvent, EvidenceRecord } from '../../../src/types.js';
import { add, emitType, type TypeResult } from '../aggregation.js';
import { record } from '../call.js';
import type { AwsConfig } from '../config.js';
import { need } from '../regional.js';
import { SOP, withAggregator, type Item } from '../network/aggregator.js';
import { TABLE, type DynamoTable } from './evidence.js';

export function dynamodbViaAggregator(ctx: CollectContext<AwsConfig>): AsyncIterable<CollectorEvent> {
  return withAggregator(ctx, [TABLE], async function* ({ scopes, gaps, query, via }) {
    let items: Item[];
    let result: TypeResult;
    try {
      items = await query('AWS::DynamoDB::Table');
      const byScope = new Map<string, EvidenceRecord[]>();
      const failed = new Map<string, unknown>();
      for (const i of items) {
        const scope = `${i.accountId}/${i.awsRegion}`;
        try {
          const c = i.configuration;
          const name = need(c.tableName as string | undefined, 'tableName', SOP);
          const d = (i.supplementaryConfiguration?.ContinuousBackupsDescription ?? {}) as Record<string, any>;
          const p = (d.pointInTimeRecoveryDescription ?? {}) as Record<string, any>;
          const data: DynamoTable = {
            account: i.accountId,
            region: i.awsRegion,
            name,
            arn: (c.tableArn as string | undefined) ?? `arn:aws:dynamodb:${i.awsRegion}:${i.accountId}:table/${name}`,
            continuousBackups: need(
              d.continuousBackupsStatus as string | undefined,
              `supplementaryConfiguration.ContinuousBackupsDescription.continuousBackupsStatus of ${name}`,
              SOP,
            ),
            pointInTimeRecovery: need(pitrStatus(p.pointInTimeRecoveryStatus), `pointInTimeRecoveryStatus (ENABLED or DISABLED) of ${name}`, SOP),
            ...(typeof p.recoveryPeriodInDays === 'number' ? { recoveryPeriodInDays: p.recoveryPeriodInDays } : {}),
            ...(p.earliestRestorableDateTime ? { earliestRestorableDateTime: new Date(p.earliestRestorableDateTime as string | number).toISOString() } : {}),
            mode: 'config-aggregator',
            via: via(scope),
          };
          add(byScope, record(TABLE, scope, SOP, {}, data));
        } catch (err) {
          // Why per scope: a table Config describes without its recovery status leaves its account/region unjudged.
          failed.set(scope, err);
        }
      }
      result = { ok: true, byScope, failed };
    } catch (err) {
      result = { ok: false, error: err, operation: SOP };
    }
    yield* emitType(TABLE, scopes, gaps, result, SOP);
  });
}

/** Config's copy of PointInTimeRecoveryStatus, or undefined when it is anything but the two values the API defines. */
function pitrStatus(value: unknown): DynamoTable['pointInTimeRecovery'] | undefined {
  return value === 'ENABLED' || value === 'DISABLED' ? value : undefined;
}
