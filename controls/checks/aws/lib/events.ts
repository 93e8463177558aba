/** Shared reading of CloudTrail event populations. */
import type { AwsCloudtrailEvent } from '../../../../src/evidence/types.generated.js';
import type { EvidenceView, Finding, StoredRecord } from '../../../../src/types.js';
import { EVENT } from './trails.js';

/** An `aws.cloudtrail.event` record. */
export type EventData = AwsCloudtrailEvent;

/** The events a check cares about, streamed from the population so only those are kept in memory. */
export function events(view: EvidenceView, keep: (e: EventData) => boolean): StoredRecord<EventData>[] {
  const out: StoredRecord<EventData>[] = [];
  view.each(EVENT, (r) => {
    if (keep(r.data)) out.push(r);
  });
  return out;
}

/** A pass finding per complete scope that has no failing event (so the evidence of "nothing found" is cited). */
export function scopePasses(view: EvidenceView, failing: Set<string>, reason: (account: string, region: string) => string): Finding[] {
  return view
    .scopes(EVENT)
    .filter((s) => !failing.has(s))
    .map((scope) => {
      const [account, region] = scope.split('/') as [string, string];
      return {
        status: 'pass',
        resource: `arn:aws:cloudtrail:${region}:${account}:trail/*`,
        evidence: 'data/records/aws.cloudtrail.event.jsonl',
        scope,
        reason: reason(account, region),
      };
    });
}

export function isSuccessfulConsoleLogin(e: EventData): boolean {
  return e.eventName === 'ConsoleLogin' && e.responseElements?.ConsoleLogin === 'Success';
}
