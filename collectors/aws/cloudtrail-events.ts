/**
 * LookupEvents populations over the observation window: console sign-ins, IAM changes, security-group changes
 * and trail tampering. Paced to CloudTrail's ~2 calls/s per account and region; every NextToken followed.
 */
import type { CloudTrailClient, LookupEventsCommandOutput, LookupAttributeKey } from '@aws-sdk/client-cloudtrail';
import { loadCloudtrail } from './sdk.js';
import type { AwsCloudtrailEvent } from '../../src/evidence/types.generated.js';
import type { CollectContext, EvidenceRecord } from '../../src/types.js';
import { iso, paginate, rawOf, record } from './call.js';
import type { AwsConfig } from './config.js';
import { AwsCallError } from './errors.js';
import { need } from './regional.js';
import { readInterval } from '../../src/populations/policy.js';

export const EVENT = 'aws.cloudtrail.event';
const OP = 'cloudtrail:LookupEvents';

/**
 * The members of CloudTrailEvent (the event's own JSON document) a record keeps. Read as CloudTrail writes them; the
 * run validates every record against schemas/evidence/aws.cloudtrail.event.schema.json before it is stored.
 */
type Detail = Pick<
  AwsCloudtrailEvent,
  'userIdentity' | 'sourceIPAddress' | 'userAgent' | 'requestParameters' | 'responseElements' | 'additionalEventData' | 'errorCode' | 'errorMessage'
>;

interface Query {
  key: LookupAttributeKey;
  value: string;
  /** Keep only write events (the source also logs reads). */
  writesOnly?: boolean;
}

/** LookupEvents accepts one attribute per call, so each population is its own query. */
export const EVENT_QUERIES: Query[] = [
  { key: 'EventName', value: 'ConsoleLogin' },
  { key: 'EventSource', value: 'iam.amazonaws.com', writesOnly: true },
  ...['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'].map((value) => ({ key: 'EventName' as const, value })),
  ...[
    'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress',
    'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress',
    'CreateSecurityGroup',
    'DeleteSecurityGroup',
  ].map((value) => ({ key: 'EventName' as const, value })),
];

/**
 * The lookup window of one account/region: the observation period, capped at the 90 days CloudTrail keeps, ending no
 * later than asOf; a scope continuing an earlier bundle starts at that bundle's end less 15 minutes (delivery delay).
 */
export function lookupWindow(ctx: CollectContext<AwsConfig>, scope: string): { start: Date; end: Date } {
  const { from, to } = readInterval(EVENT, ctx.period, ctx.asOf, ctx.resume?.[EVENT]?.[scope]);
  return { start: from, end: to };
}

export async function* events(ctx: CollectContext<AwsConfig>, ct: CloudTrailClient, account: string, region: string): AsyncGenerator<EvidenceRecord> {
  const { LookupEventsCommand } = await loadCloudtrail();
  const scope = `${account}/${region}`;
  const { start, end } = lookupWindow(ctx, scope);
  // Why a fact: the population's header tells the auditor the whole query, including parts that found nothing.
  ctx.stats.fact(
    `query:${EVENT}`,
    `${OP} per account and region, one call per attribute: ${EVENT_QUERIES.map((q) => `${q.key}=${q.value}${q.writesOnly ? ' (writes only)' : ''}`).join('; ')}`,
  );
  if (start >= end) return;
  const rate = ctx.config.lookupEventsPerSecond ?? 2;
  const sent: number[] = [];
  const seen = new Set<string>();
  for (const q of EVENT_QUERIES) {
    const pages = paginate<LookupEventsCommandOutput>(
      ctx,
      ct,
      OP,
      (NextToken) =>
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: q.key, AttributeValue: q.value }],
          StartTime: start,
          EndTime: end,
          MaxResults: 50,
          NextToken,
        }),
      (o) => o.NextToken,
    );
    await pace(sent, rate, ctx.signal);
    for await (const { out, page } of pages) {
      // Why stamp on arrival of the answer: CloudTrail counts a call when it reaches it, which is after our send
      // (SDK signing, a new client's first connection); the answer's time is an upper bound on that.
      if (rate) sent.push(Date.now());
      await ctx.raw(scope, `LookupEvents.${q.value}`, rawOf(out), page);
      for (const e of out.Events ?? []) {
        if (!e.EventId || seen.has(e.EventId) || (q.writesOnly && e.ReadOnly === 'true')) continue;
        seen.add(e.EventId);
        let detail: Detail;
        try {
          detail = JSON.parse(e.CloudTrailEvent ?? '{}') as Detail;
        } catch {
          throw new AwsCallError(OP, new SyntaxError(`event ${e.EventId} has an unparsable CloudTrailEvent`), page);
        }
        yield record(
          EVENT,
          scope,
          OP,
          out,
          {
            account,
            region,
            query: `${q.key}=${q.value}`,
            eventId: e.EventId,
            eventName: need(e.EventName, `EventName of event ${e.EventId}`, OP, page),
            eventSource: e.EventSource,
            eventTime: need(iso(e.EventTime), `EventTime of event ${e.EventId}`, OP, page),
            readOnly: e.ReadOnly === 'true',
            username: e.Username,
            accessKeyId: e.AccessKeyId,
            resources: e.Resources ?? [],
            userIdentity: detail.userIdentity,
            sourceIPAddress: detail.sourceIPAddress,
            userAgent: detail.userAgent,
            requestParameters: detail.requestParameters ?? null,
            responseElements: detail.responseElements ?? null,
            additionalEventData: detail.additionalEventData,
            errorCode: detail.errorCode,
            errorMessage: detail.errorMessage,
          },
          iso(e.EventTime),
        );
      }
      if (out.NextToken) await pace(sent, rate, ctx.signal);
    }
  }
}

/** Sliding one-second window: waits until fewer than `rate` calls were answered in the last second. */
async function pace(sent: number[], rate: number, signal: AbortSignal): Promise<void> {
  if (!rate) return;
  for (let i = 0; i < 100 && !signal.aborted; i++) {
    const now = Date.now();
    while (sent.length && now - sent[0]! >= 1000) sent.shift();
    if (sent.length < rate) return;
    await new Promise((r) => setTimeout(r, 1000 - (now - sent[0]!) + 5));
  }
}
