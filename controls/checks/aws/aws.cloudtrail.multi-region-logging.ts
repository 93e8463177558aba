import type { Check, Finding } from '../../../src/types.js';
import { TRAIL, recordsManagementReadWrite } from './lib/trails.js';

/** Every account and region is covered by a logging multi-region trail (own or organization) recording management reads and writes. */
export const multiRegionLogging: Check<Record<string, never>> = {
  meta: {
    id: 'aws.cloudtrail.multi-region-logging',
    title: 'A multi-region CloudTrail trail is logging management events',
    failureTitle: 'Account/region without a logging multi-region trail',
    requires: [TRAIL],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      'Create (or start) a multi-region trail — ideally an organization trail in the management account — that records management events, Read and Write.',
  },
  evaluate(view) {
    const recs = view.records(TRAIL);
    const findings: Finding[] = [];
    for (const scope of view.scopes(TRAIL)) {
      const [account, region] = scope.split('/') as [string, string];
      const here = recs.filter((r) => r.scope === scope);
      const good = here.find((r) => r.data.isMultiRegionTrail && r.data.status.isLogging && recordsManagementReadWrite(r.data));
      if (good) {
        findings.push({
          status: 'pass',
          resource: good.data.arn,
          evidence: good.ref,
          scope,
          reason: `Account ${account}, region ${region} is covered by ${good.data.isOrganizationTrail ? 'organization ' : ''}trail ${good.data.name}, logging management reads and writes.`,
        });
      } else {
        const why =
          here.length === 0
            ? 'no trail at all'
            : here
                .map(
                  (r) =>
                    `${r.data.name}: ${!r.data.isMultiRegionTrail ? 'single-region' : !r.data.status.isLogging ? 'not logging' : 'not recording management reads and writes'}`,
                )
                .join('; ');
        findings.push({
          status: 'fail',
          resource: here[0]?.data.arn ?? `arn:aws:cloudtrail:${region}:${account}:trail/*`,
          evidence: here[0]?.ref ?? 'data/records/aws.cloudtrail.trail.jsonl',
          scope,
          reason: `Account ${account}, region ${region} has no logging multi-region trail (${why}).`,
        });
      }
    }
    return { findings };
  },
};
