import type { Check, Finding, StoredRecord } from '../../../src/types.js';
import { BACKUP_PLAN, PROTECTED_RESOURCE, type BackupPlan, type BackupProtectedResource } from '../../../collectors/aws/backup/evidence.js';

interface Params {
  maxAgeHours: number;
  minRetentionDays: number;
}

/** An ARN pattern of a backup selection (`*` wildcards) as a test. */
function matcher(pattern: string): (arn: string) => boolean {
  if (!pattern.includes('*')) return (arn) => arn === pattern;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return (arn) => re.test(arn);
}

/**
 * Every resource in a backup plan's selection has a completed recovery point within `maxAgeHours`, and every plan
 * keeps its recovery points at least `minRetentionDays`. Resources named in a selection are judged even without
 * recovery points; resources AWS Backup protects are judged when an ARN pattern of a selection covers them, or when
 * the region's plans select by tag (Backup's answers do not carry the resources' tags).
 */
export const backupProtectedResources: Check<Params> = {
  meta: {
    id: 'aws.backup.protected-resources',
    title: 'Resources in backup plans have recent recovery points kept long enough',
    failureTitle: 'Backed-up resources with stale recovery points or short retention',
    requires: [BACKUP_PLAN, PROTECTED_RESOURCE],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxAgeHours: { type: 'integer', minimum: 1, default: 26, description: 'Oldest acceptable newest completed recovery point' },
        minRetentionDays: { type: 'integer', minimum: 1, default: 35, description: 'Fewest days a plan rule keeps recovery points' },
      },
    },
    remediation:
      "Investigate failed or missing backup jobs for the resource (AWS Backup console, job status), and set each plan rule's lifecycle to keep recovery points at least the required days.",
  },
  evaluate(view, p, asOf) {
    const findings: Finding[] = [];
    const byScope = new Map<string, { plans: StoredRecord<BackupPlan>[]; resources: StoredRecord<BackupProtectedResource>[] }>();
    const at = (scope: string) => byScope.get(scope) ?? byScope.set(scope, { plans: [], resources: [] }).get(scope)!;
    for (const r of view.records(BACKUP_PLAN)) at(r.scope).plans.push(r);
    for (const r of view.records(PROTECTED_RESOURCE)) at(r.scope).resources.push(r);
    for (const [scope, { plans, resources }] of byScope) {
      for (const plan of plans) {
        const d = plan.data;
        // Why: a rule without DeleteAfterDays keeps its recovery points until someone deletes them.
        const short = d.rules.filter((x) => x.deleteAfterDays !== undefined && x.deleteAfterDays < p.minRetentionDays);
        const where = `Backup plan ${d.name} (account ${d.account}, region ${d.region})`;
        findings.push({
          status: short.length ? 'fail' : 'pass',
          resource: d.arn,
          evidence: plan.ref,
          scope,
          reason: short.length
            ? `${where} keeps recovery points ${short.map((x) => `${x.deleteAfterDays} days (rule ${x.name})`).join(', ')}, under ${p.minRetentionDays}.`
            : `${where} keeps recovery points at least ${p.minRetentionDays} days.`,
        });
      }
      const selections = plans.flatMap((pl) =>
        pl.data.selections.map((s) => ({ plan: pl, s, include: s.resources.map(matcher), exclude: s.notResources.map(matcher) })),
      );
      const named = new Map<string, StoredRecord<BackupPlan>>();
      for (const { plan, s } of selections) for (const arn of s.resources) if (!arn.includes('*')) named.set(arn, plan);
      const byTag = selections.find((x) => x.s.tags.length > 0);
      const judged = new Set<string>();
      for (const r of resources) {
        const d = r.data;
        const sel = selections.find((x) => x.include.some((m) => m(d.arn)) && !x.exclude.some((m) => m(d.arn)));
        if (!sel && !(byTag && !byTag.exclude.some((m) => m(d.arn)))) continue;
        judged.add(d.arn);
        const plan = (sel ?? byTag)!.plan.data.name;
        const age = d.latestCompleted ? (asOf.getTime() - Date.parse(d.latestCompleted.at)) / 3_600_000 : Infinity;
        const ok = age <= p.maxAgeHours;
        const where = `${d.type} resource ${d.arn} (plan ${plan})`;
        findings.push({
          status: ok ? 'pass' : 'fail',
          resource: d.arn,
          evidence: r.ref,
          scope,
          reason: ok
            ? `${where} has a completed recovery point ${Math.floor(age)} hours old.`
            : d.latestCompleted
              ? `${where}: its newest completed recovery point is ${Math.floor(age)} hours old, over ${p.maxAgeHours}.`
              : `${where} has no completed recovery point.`,
        });
      }
      for (const [arn, plan] of named) {
        if (judged.has(arn)) continue;
        findings.push({
          status: 'fail',
          resource: arn,
          evidence: plan.ref,
          scope,
          reason: `${arn} is selected by backup plan ${plan.data.name} (account ${plan.data.account}, region ${plan.data.region}) but AWS Backup holds no recovery point of it.`,
        });
      }
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
