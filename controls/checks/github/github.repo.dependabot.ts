import type { Check, Finding } from '../../../src/types.js';
import { byRepo, repoResource } from './lib/repos.js';

export interface DependabotParams {
  maxDays: number;
  severities: string[];
}

const DAY_MS = 86_400_000;

/** Dependabot alerts are on, and no alert of the given severities stays open longer than `maxDays`. */
export const dependabot: Check<DependabotParams> = {
  meta: {
    id: 'github.repo.dependabot',
    title: 'Dependabot alerts are enabled and critical alerts are fixed within maxDays',
    failureTitle: 'Vulnerable dependencies are not being tracked or fixed',
    requires: ['github.repo', 'github.repo.dependabot'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxDays: { type: 'integer', minimum: 1, default: 30 },
        severities: { type: 'array', items: { enum: ['low', 'medium', 'high', 'critical'] }, default: ['critical'] },
      },
    },
    remediation: 'Enable Dependabot alerts (Settings → Code security), and fix or formally dismiss overdue alerts by upgrading the affected dependency.',
  },
  evaluate(view, params, asOf) {
    const dep = byRepo(view.records('github.repo.dependabot'));
    const findings: Finding[] = [];
    for (const repo of view.records('github.repo')) {
      const d = dep.get(repo.data.fullName);
      if (!d) continue;
      const resource = repoResource(repo.data.fullName);
      if (!d.data.alertsEnabled) {
        findings.push({
          status: 'fail',
          resource,
          scope: d.scope,
          evidence: d.ref,
          reason: 'Dependabot alerts are disabled: vulnerable dependencies are not reported; enable them under Settings → Code security',
        });
        continue;
      }
      const overdue = d.data.openAlerts.filter(
        (a) => params.severities.includes(a.severity) && asOf.getTime() - Date.parse(a.createdAt) > params.maxDays * DAY_MS,
      );
      findings.push(
        overdue.length
          ? {
              status: 'fail',
              resource,
              scope: d.scope,
              evidence: d.ref,
              reason: `${overdue.length} ${params.severities.join('/')} alert(s) open more than ${params.maxDays} days: ${overdue.map((a) => `${a.url} (${a.package ?? 'unknown package'}, since ${a.createdAt.slice(0, 10)})`).join(', ')}; upgrade or dismiss with a reason`,
            }
          : {
              status: 'pass',
              resource,
              scope: d.scope,
              evidence: d.ref,
              reason: `Dependabot alerts enabled; no ${params.severities.join('/')} alert open more than ${params.maxDays} days`,
            },
      );
    }
    return { findings, notApplicable: findings.length === 0 && view.records('github.repo').length === 0 };
  },
};
