import type { Check, Finding } from '../../../src/types.js';
import { INSPECTOR_ACCOUNT, INSPECTOR_FINDING } from '../../../collectors/aws/inspector/evidence.js';

const DAY = 86_400_000;
/** Param names of the scan types → BatchGetAccountStatus resourceState keys. */
const KEYS: Record<string, string> = { EC2: 'ec2', ECR: 'ecr', LAMBDA: 'lambda', LAMBDA_CODE: 'lambdaCode' };

/**
 * Inspector scans the required resource types in every configured account and region, and no active finding is
 * older than its severity's SLA (first observed more than `slaDays[severity]` days ago).
 */
export const inspectorEnabledAndSla: Check<{ resourceTypes: string[]; slaDays: { critical: number; high: number } }> = {
  meta: {
    id: 'aws.inspector.enabled-and-sla',
    title: 'Inspector scans for vulnerabilities and findings are fixed within their SLA',
    failureTitle: 'Inspector scanning off, or vulnerabilities open past their SLA',
    requires: [INSPECTOR_ACCOUNT, INSPECTOR_FINDING],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        resourceTypes: { type: 'array', items: { enum: Object.keys(KEYS) }, default: ['EC2', 'ECR', 'LAMBDA'], description: 'Scan types that must be ENABLED' },
        // Why only critical and high: the collector reads active findings of these two severities.
        slaDays: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: { critical: { type: 'integer', minimum: 0, default: 15 }, high: { type: 'integer', minimum: 0, default: 30 } },
        },
      },
    },
    remediation:
      'Activate Amazon Inspector for EC2, ECR and Lambda in each region (aws inspector2 enable), and patch or rebuild resources with critical and high findings within their SLA.',
  },
  evaluate(view, p, asOf) {
    const findings: Finding[] = [];
    const late = new Set<string>();
    const sla: Record<string, number> = { CRITICAL: p.slaDays.critical, HIGH: p.slaDays.high };
    // Why each, not records: an organisation's findings are streamed from the bundle; only the late ones stay.
    view.each(INSPECTOR_FINDING, (r) => {
      const f = r.data;
      const limit = sla[f.severity];
      if (limit === undefined || f.status !== 'ACTIVE') return;
      const days = Math.floor((asOf.getTime() - Date.parse(f.firstObservedAt)) / DAY);
      if (days <= limit) return;
      late.add(r.scope);
      const on = f.resources.map((x) => x.id).join(', ');
      findings.push({
        status: 'fail',
        resource: f.arn,
        evidence: r.ref,
        scope: r.scope,
        reason: `${f.severity} finding ${f.title ?? f.type}${on ? ` on ${on}` : ''} has been open ${days} days, over its ${limit}-day SLA (account ${f.account}, region ${f.region}).`,
      });
    });
    // Why only complete finding scopes: a region whose list broke off proves nothing about the findings not read.
    const read = new Set(view.scopes(INSPECTOR_FINDING));
    for (const r of view.records(INSPECTOR_ACCOUNT)) {
      const a = r.data;
      const where = `account ${a.account}, region ${a.region}`;
      const resource = `arn:aws:inspector2:${a.region}:${a.account}:account-status`;
      const off = p.resourceTypes
        .filter((t) => a.resourceState[KEYS[t]!] !== 'ENABLED')
        .map((t) => `${t} ${(a.resourceState[KEYS[t]!] ?? 'not reported').toLowerCase()}`);
      if (a.status !== 'ENABLED' || off.length) {
        findings.push({
          status: 'fail',
          resource,
          evidence: r.ref,
          scope: r.scope,
          reason: `Inspector is ${a.status.toLowerCase()}${off.length ? ` (scanning ${off.join(', ')})` : ''} (${where}).`,
        });
      } else if (!late.has(r.scope) && read.has(r.scope)) {
        findings.push({
          status: 'pass',
          resource,
          evidence: r.ref,
          scope: r.scope,
          reason: `Inspector scans ${p.resourceTypes.join(', ')} and no critical or high finding is past its SLA (${where}).`,
        });
      }
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
