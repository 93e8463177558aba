import type { Check, Finding } from '../../../src/types.js';
import { REGION, type RegionsRegion } from '../../../collectors/aws/network/evidence.js';

/** Every region an account has enabled is in `sources.aws.regions`, so nothing runs where no collector looks. */
export const regionsAllCovered: Check<{ exempt: string[] }> = {
  meta: {
    id: 'aws.regions.all-covered',
    title: 'Every enabled AWS region is monitored',
    failureTitle: 'Enabled AWS regions left out of the collection',
    requires: [REGION],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        exempt: {
          type: 'array',
          items: { type: 'string' },
          default: [],
          description: 'Regions where nothing can run (e.g. denied to every principal by an SCP), not required in sources.aws.regions.',
        },
      },
    },
    remediation:
      'Add the region to sources.aws.regions so it is collected and judged, or deny it to every principal with an SCP (aws:RequestedRegion) and list it in `exempt`, or disable the opt-in region.',
  },
  evaluate(view, p) {
    const byAccount = new Map<string, Array<{ data: RegionsRegion; ref: string; scope: string }>>();
    for (const r of view.records(REGION)) byAccount.set(r.data.account, [...(byAccount.get(r.data.account) ?? []), r]);
    const findings: Finding[] = [];
    for (const [account, regions] of [...byAccount].sort((a, b) => a[0].localeCompare(b[0]))) {
      const enabled = regions.filter((r) => r.data.enabled);
      const missing = enabled.filter((r) => !r.data.configured && !p.exempt.includes(r.data.region));
      for (const m of missing) {
        findings.push({
          status: 'fail',
          resource: `arn:aws:ec2:${m.data.region}:${account}:region`,
          evidence: m.ref,
          scope: m.scope,
          reason: `Region ${m.data.region} is enabled in account ${account} (${m.data.optInStatus}) but not in sources.aws.regions: anything running there goes unwatched.`,
        });
      }
      if (missing.length === 0) {
        const first = enabled[0] ?? regions[0]!;
        findings.push({
          status: 'pass',
          resource: `arn:aws:iam::${account}:root`,
          evidence: first.ref,
          scope: first.scope,
          reason: `All ${enabled.length} regions enabled in account ${account} are collected${p.exempt.length ? ' or exempt' : ''}.`,
        });
      }
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
