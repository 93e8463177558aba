import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SealedBundle } from '../bundle/writer.js';
import type { CollectorEvent } from '../types.js';
import { writeSyntheticBundle, type SyntheticControl } from '../../test/helpers/bundles.js';

/**
 * For pack and verify tests: an evidence directory with `days` chained daily bundles (from 2026-01-05,
 * 13:10 UTC), two controls (one failing on some days, one excepted), CloudTrail events as a population
 * and a non-population record type.
 */
export async function makeEvidence(days = 3): Promise<{ root: string; evidence: string; sealed: SealedBundle[] }> {
  const root = await mkdtemp(join(tmpdir(), 'soc2-pack-test-'));
  const evidence = join(root, 'evidence');
  const sealed: SealedBundle[] = [];
  for (let d = 0; d < days; d++) {
    const asOf = new Date(Date.UTC(2026, 0, 5 + d, 13, 10, 0));
    const source = { operation: 'LookupEvents', fetchedAt: asOf.toISOString() };
    const events: CollectorEvent[] = [
      { kind: 'plan', type: 'aws.cloudtrail.event', scope: '123456789012/us-east-1' },
      {
        kind: 'record',
        type: 'aws.cloudtrail.event',
        scope: '123456789012/us-east-1',
        source,
        data: { EventName: 'ConsoleLogin', Username: `alice-${d}`, EventTime: asOf.toISOString() },
      },
      {
        kind: 'record',
        type: 'aws.cloudtrail.event',
        scope: '123456789012/us-east-1',
        source,
        data: { EventName: '=HYPERLINK("x")', Username: 'bob, "the admin"' },
      },
      { kind: 'done', type: 'aws.cloudtrail.event', scope: '123456789012/us-east-1' },
      { kind: 'plan', type: 'aws.iam.user', scope: '123456789012' },
      { kind: 'record', type: 'aws.iam.user', scope: '123456789012', source, data: { UserName: 'alice' } },
      { kind: 'done', type: 'aws.iam.user', scope: '123456789012' },
    ];
    const controls: SyntheticControl[] = [
      {
        id: 'IAM-01',
        status: d === 1 ? 'fail' : 'pass',
        criteria: ['CC6.1', 'CC6.2'],
        failing:
          d === 1
            ? [
                {
                  resource: 'arn:aws:iam::123456789012:user/bob',
                  reason: 'No MFA: enable a virtual MFA device',
                  evidence: 'data/records/aws.iam.user.jsonl#L1',
                },
              ]
            : [],
      },
      // Cites a records file the bundle does not hold (a check that found no records of a type): never a link.
      {
        id: 'DOC-01',
        status: d === 1 ? 'fail' : 'pass',
        criteria: ['CC1.1'],
        failing: d === 1 ? [{ resource: 'access-review:2026Q1', reason: 'No access review on file', evidence: 'data/records/access.review.jsonl' }] : [],
      },
      {
        id: 'CHG-01',
        status: 'pass',
        criteria: ['CC8.1'],
        excepted: [{ resource: 'github:acme/legacy', reason: 'archived repo', ticket: 'SEC-142', expires: '2026-12-31' }],
      },
    ];
    sealed.push(await writeSyntheticBundle(evidence, asOf, controls, events));
  }
  return { root, evidence, sealed };
}
