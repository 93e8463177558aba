import type { Check, Finding } from '../../../src/types.js';
import { cite, protections, repoResource, type ProtectionData, type RuleData } from './lib/repos.js';

export interface RequiredReviewsParams {
  minApprovals: number;
  requireDismissStale: boolean;
  requireEnforceAdmins: boolean;
  /** Logins, team or app slugs allowed to bypass (break-glass). */
  allowedBypass: string[];
}

/** Gaps of classic protection against the params (empty = satisfies). */
function classicGaps(c: ProtectionData | undefined, p: RequiredReviewsParams): string[] | undefined {
  if (!c?.protected) return undefined;
  const gaps: string[] = [];
  if ((c.requiredApprovingReviewCount ?? 0) < p.minApprovals) gaps.push(`${c.requiredApprovingReviewCount ?? 0} required approvals (need ${p.minApprovals})`);
  if (p.requireDismissStale && !c.dismissStaleReviews) gaps.push('stale approvals are not dismissed on new pushes');
  if (p.requireEnforceAdmins && !c.enforceAdmins) gaps.push('administrators are not included');
  const extra = (c.bypassPullRequestAllowances ?? []).filter((a) => !p.allowedBypass.includes(a));
  if (extra.length) gaps.push(`bypass allowed for ${extra.join(', ')}`);
  return gaps;
}

/** Gaps of the best ruleset `pull_request` rule (rulesets bind admins unless they are bypass actors). */
function rulesetGaps(rules: RuleData[], p: RequiredReviewsParams): string[] | undefined {
  const prs = rules.filter((r) => r.type === 'pull_request');
  if (!prs.length) return undefined;
  const all = prs.map((r) => {
    const gaps: string[] = [];
    const n = Number(r.parameters?.requiredApprovingReviewCount ?? 0);
    if (n < p.minApprovals) gaps.push(`ruleset ${r.rulesetName} requires ${n} approvals (need ${p.minApprovals})`);
    if (p.requireDismissStale && r.parameters?.dismissStaleReviewsOnPush !== true) gaps.push(`ruleset ${r.rulesetName} does not dismiss stale approvals`);
    const extra = (r.bypassActors ?? []).filter((b) => !p.allowedBypass.includes(b.actor)).map((b) => b.actor);
    if (p.requireEnforceAdmins && extra.length) gaps.push(`ruleset ${r.rulesetName} lets ${extra.join(', ')} bypass`);
    if (p.requireEnforceAdmins && r.bypassActorsTruncated) gaps.push(`ruleset ${r.rulesetName} has more bypass actors than were read`);
    return gaps;
  });
  return all.sort((a, b) => a.length - b.length)[0];
}

/** Merging into the default branch needs approving reviews, with stale approvals dismissed and no admin bypass. */
export const requiredReviews: Check<RequiredReviewsParams> = {
  meta: {
    id: 'github.repo.required-reviews',
    title: 'Default branches require approving reviews that admins cannot bypass',
    failureTitle: 'Default branch does not require independent review',
    requires: ['github.repo', 'github.repo.branch-protection', 'github.repo.rules'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minApprovals: { type: 'integer', minimum: 1, default: 1 },
        requireDismissStale: { type: 'boolean', default: true },
        requireEnforceAdmins: { type: 'boolean', default: true },
        allowedBypass: { type: 'array', items: { type: 'string' }, default: [] },
      },
    },
    remediation:
      'In a ruleset for the default branch enable "Require a pull request before merging" with the required approvals and "Dismiss stale pull request approvals when new commits are pushed", and keep the bypass list to the approved break-glass actors.',
  },
  evaluate(view, params) {
    const findings: Finding[] = [];
    for (const p of protections(view)) {
      const classic = classicGaps(p.classic?.data, params);
      const ruleset = rulesetGaps(p.rules?.data.rules ?? [], params);
      const resource = repoResource(p.repo.data.fullName);
      const branch = p.repo.data.defaultBranch;
      if ((classic && classic.length === 0) || (ruleset && ruleset.length === 0)) {
        findings.push({
          status: 'pass',
          resource,
          scope: p.repo.scope,
          evidence: cite(p),
          reason: `${branch} requires at least ${params.minApprovals} approval(s) through ${classic?.length === 0 ? 'branch protection' : 'a ruleset'}`,
        });
      } else if (p.classic && p.rules) {
        const gaps = [...(classic ?? []), ...(ruleset ?? [])];
        const reason = gaps.length ? gaps.join('; ') : 'no pull request review is required';
        findings.push({
          status: 'fail',
          resource,
          scope: p.repo.scope,
          evidence: cite(p),
          reason: `${branch}: ${reason}; require reviewed pull requests in a ruleset`,
        });
      }
    }
    return { findings, notApplicable: findings.length === 0 && view.records('github.repo').length === 0 };
  },
};
