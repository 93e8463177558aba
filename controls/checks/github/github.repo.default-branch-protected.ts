import type { Check, Finding } from '../../../src/types.js';
import { cite, protections, repoResource } from './lib/repos.js';

/** The default branch is protected by classic branch protection or by at least one active ruleset rule. */
export const defaultBranchProtected: Check = {
  meta: {
    id: 'github.repo.default-branch-protected',
    title: 'Default branches are protected (classic protection or rulesets)',
    failureTitle: 'Unprotected default branch',
    requires: ['github.repo', 'github.repo.branch-protection', 'github.repo.rules'],
    remediation:
      'Add a branch ruleset targeting the default branch (Settings → Rules → Rulesets), or classic branch protection, requiring pull requests and blocking force pushes.',
  },
  evaluate(view) {
    const findings: Finding[] = [];
    for (const p of protections(view)) {
      const resource = repoResource(p.repo.data.fullName);
      const branch = p.repo.data.defaultBranch;
      const rules = p.rules?.data.rules ?? [];
      if (p.classic?.data.protected || rules.length > 0) {
        const how = [
          p.classic?.data.protected ? 'classic branch protection' : '',
          rules.length ? `rulesets (${[...new Set(rules.map((r) => r.rulesetName))].join(', ')})` : '',
        ]
          .filter(Boolean)
          .join(' and ');
        findings.push({ status: 'pass', resource, scope: p.repo.scope, evidence: cite(p), reason: `${branch} is protected by ${how}` });
      } else if (p.classic && p.rules) {
        // Why: both layers were read completely and neither protects the branch — a definite gap.
        findings.push({
          status: 'fail',
          resource,
          scope: p.repo.scope,
          evidence: cite(p),
          reason: `${branch} has no branch protection and no active ruleset: anyone with write access can push to it directly; add a ruleset requiring pull requests`,
        });
      }
    }
    return { findings, notApplicable: findings.length === 0 && view.records('github.repo').length === 0 };
  },
};
