import type { Check, Finding } from '../../../src/types.js';
import { cite, protections, repoResource, type RuleData } from './lib/repos.js';

/** The contexts an active `required_status_checks` rule requires (GraphQL `requiredStatusChecks[].context`). */
function ruleContexts(rules: RuleData[]): string[] {
  return rules
    .filter((r) => r.type === 'required_status_checks' && (r.enforcement ?? 'active') === 'active')
    .flatMap((r) => (r.parameters?.requiredStatusChecks ?? []).map((c) => c.context))
    .filter((c): c is string => typeof c === 'string');
}

/** A change reaches the default branch only after at least one required status check (build, tests) passed. */
export const statusChecksRequired: Check = {
  meta: {
    id: 'github.repo.status-checks-required',
    title: 'Default branches require status checks before merging',
    failureTitle: 'Default branch requires no status check',
    requires: ['github.repo', 'github.repo.branch-protection', 'github.repo.rules'],
    remediation:
      'Add a "Require status checks to pass" rule (a ruleset targeting the default branch, or classic branch protection) naming the CI jobs that build and test each change.',
  },
  evaluate(view) {
    const findings: Finding[] = [];
    const unread: string[] = [];
    for (const p of protections(view)) {
      if (!p.classic || !p.rules) continue;
      const resource = repoResource(p.repo.data.fullName);
      const branch = p.repo.data.defaultBranch;
      const fromRules = ruleContexts(p.rules.data.rules);
      const classic = p.classic.data.requiredStatusChecks;
      // Why: bundles sealed before issue 24 did not record classic status checks; unknown is not "none".
      if (classic === undefined && fromRules.length === 0 && p.classic.data.protected) {
        unread.push(p.repo.data.fullName);
        continue;
      }
      const all = [...new Set([...(classic ?? []), ...fromRules])];
      findings.push(
        all.length
          ? {
              status: 'pass',
              resource,
              scope: p.repo.scope,
              evidence: cite(p),
              reason: `${branch} requires ${all.slice(0, 3).join(', ')}${all.length > 3 ? ` and ${all.length - 3} more` : ''} to pass`,
            }
          : {
              status: 'fail',
              resource,
              scope: p.repo.scope,
              evidence: cite(p),
              reason: `${branch} requires no status check: a change that fails its build or tests can be merged; require the CI checks in a ruleset`,
            },
      );
    }
    return {
      findings,
      notApplicable: findings.length === 0 && unread.length === 0 && view.records('github.repo').length === 0,
      ...(unread.length ? { needsReview: `classic status checks were not recorded for ${unread.join(', ')} (evidence older than this check)` } : {}),
    };
  },
};
