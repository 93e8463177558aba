import type { GithubPrMerged } from '../../../src/evidence/types.generated.js';
import type { Check, Finding, StoredRecord } from '../../../src/types.js';

type MergedPr = GithubPrMerged;

/** Every pull request merged into a default branch in the period had an independent approval before merge. */
export const mergedWithReview: Check = {
  meta: {
    id: 'github.pr.merged-with-review',
    title: 'Changes merged to default branches were approved by someone other than the author',
    failureTitle: 'Changes merged without independent review',
    requires: ['github.pr.merged'],
    remediation:
      'Require approving reviews in a ruleset for the default branch with no bypass; for each listed change, record a retrospective review and the reason it was merged unreviewed.',
  },
  evaluate(view) {
    const findings: Finding[] = [];
    // Streamed: a year of merged pull requests is a large population; only findings are kept.
    view.each('github.pr.merged', (r) => findings.push(judgePr(r)));
    return { findings, notApplicable: findings.length === 0 };
  },
};

function judgePr(r: StoredRecord<MergedPr>): Finding {
  const pr = r.data;
  // Why: segregation of duties — the author's own approval, or one given after the merge, is not a review.
  const independent = pr.approvals.filter((a) => a.login && a.login !== pr.author && a.submittedAt && a.submittedAt <= pr.mergedAt);
  const resource = `github:${pr.repo}#${pr.number}`;
  if (independent.length)
    return {
      status: 'pass',
      resource,
      scope: r.scope,
      evidence: r.ref,
      reason: `${pr.url} approved by ${independent.map((a) => a.login).join(', ')} before merge`,
    };
  const self = pr.approvals.some((a) => a.login === pr.author);
  return {
    status: 'fail',
    resource,
    scope: r.scope,
    evidence: r.ref,
    reason: `${pr.url} by ${pr.author ?? 'unknown'} was merged by ${pr.mergedBy ?? 'unknown'} on ${pr.mergedAt} ${self ? "with only its author's approval" : 'without an approving review'}; record a retrospective review and require reviews on the branch`,
  };
}
