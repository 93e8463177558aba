import type { Check, Finding } from '../../../src/types.js';
import { cite, protections, repoResource } from './lib/repos.js';

/** Force pushes and deletion of the default branch are blocked (classic protection or ruleset rules). */
export const noForcePush: Check = {
  meta: {
    id: 'github.repo.no-force-push',
    title: 'Default branches block force pushes and deletion',
    failureTitle: 'Default branch allows force push or deletion',
    requires: ['github.repo', 'github.repo.branch-protection', 'github.repo.rules'],
    remediation:
      'In the ruleset for the default branch enable "Block force pushes" and "Restrict deletions" (classic protection: leave "Allow force pushes" and "Allow deletions" off).',
  },
  evaluate(view) {
    const findings: Finding[] = [];
    for (const p of protections(view)) {
      const c = p.classic?.data;
      const types = new Set((p.rules?.data.rules ?? []).map((r) => r.type));
      // Why: GitHub applies every layer; the most restrictive wins, so either layer blocking is enough.
      const forceBlocked = (c?.protected === true && c.allowForcePushes === false) || types.has('non_fast_forward');
      const deleteBlocked = (c?.protected === true && c.allowDeletions === false) || types.has('deletion');
      const resource = repoResource(p.repo.data.fullName);
      const branch = p.repo.data.defaultBranch;
      if (forceBlocked && deleteBlocked)
        findings.push({ status: 'pass', resource, scope: p.repo.scope, evidence: cite(p), reason: `force pushes and deletion of ${branch} are blocked` });
      else if (p.classic && p.rules) {
        const gaps = [forceBlocked ? '' : 'force pushes', deleteBlocked ? '' : 'deletion'].filter(Boolean).join(' and ');
        findings.push({
          status: 'fail',
          resource,
          scope: p.repo.scope,
          evidence: cite(p),
          reason: `${gaps} of ${branch} ${gaps.includes(' and ') ? 'are' : 'is'} allowed: history can be rewritten or the branch removed; block them in a ruleset or branch protection`,
        });
      }
    }
    return { findings, notApplicable: findings.length === 0 && view.records('github.repo').length === 0 };
  },
};
