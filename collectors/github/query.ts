/**
 * GraphQL documents for the per-repository evidence. Sizes are chosen so that one batch costs about
 * 11 points of GitHub's 5,000-point hourly budget (see README.md, "Call budget").
 */
export const BATCH_SIZE = 20;
export const PR_PAGE = 25;
export const REVIEW_PAGE = 10;
export const RULE_PAGE = 25;
export const COLLAB_PAGE = 25;
/** Page size of the follow-up pages (GitHub's maximum). */
export const FOLLOW_PAGE = 100;
export const BYPASS_PAGE = 5;

export const COLLAB_FIELDS = 'totalCount pageInfo { hasNextPage endCursor } edges { permission node { login } }';
export const BYPASS_FIELDS =
  'totalCount pageInfo { hasNextPage endCursor } nodes { bypassMode organizationAdmin deployKey repositoryRoleName actor { __typename ... on Team { slug } ... on App { slug } } }';
export const RULE_NODE_FIELDS = `type
          parameters { __typename ... on PullRequestParameters { requiredApprovingReviewCount dismissStaleReviewsOnPush requireCodeOwnerReview requireLastPushApproval } ... on RequiredStatusChecksParameters { strictRequiredStatusChecksPolicy requiredStatusChecks { context integrationId } } }
          repositoryRuleset { databaseId name enforcement source { __typename ... on Organization { login } ... on Repository { nameWithOwner } }
            bypassActors(first: ${BYPASS_PAGE}) { ${BYPASS_FIELDS} } }`;

const PR_FIELDS = `number title url updatedAt mergedAt baseRefName author { login } mergedBy { login }
  reviews(states: [APPROVED], first: ${REVIEW_PAGE}) { totalCount pageInfo { hasNextPage endCursor } nodes { state submittedAt author { login } } }`;

function repoFields(i: number, admin: boolean): string {
  // Why: hasVulnerabilityAlertsEnabled is non-null and admin-only; a denial would null the whole repository.
  return `name viewerPermission ${admin ? 'hasVulnerabilityAlertsEnabled' : ''}
    defaultBranchRef {
      name
      branchProtectionRule {
        pattern requiresApprovingReviews requiredApprovingReviewCount dismissesStaleReviews requiresCodeOwnerReviews
        requireLastPushApproval isAdminEnforced allowsForcePushes allowsDeletions requiresStatusChecks requiredStatusCheckContexts
        bypassPullRequestAllowances(first: 10) { totalCount pageInfo { hasNextPage endCursor } nodes { actor { __typename ... on User { login } ... on Team { slug } ... on App { slug } } } }
      }
      rules(first: ${RULE_PAGE}) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { ${RULE_NODE_FIELDS} }
      }
    }
    collaborators(affiliation: OUTSIDE, first: ${COLLAB_PAGE}) { ${COLLAB_FIELDS} }
    pullRequests(states: [MERGED], baseRefName: $b${i}, first: ${PR_PAGE}, orderBy: { field: UPDATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor } nodes { ${PR_FIELDS} }
    }`;
}

/** One query for a batch of repositories, aliased r0…rN; `admin[i]` says whether the viewer administers repo i. */
export function batchQuery(admin: boolean[]): string {
  const count = admin.length;
  const vars = Array.from({ length: count }, (_, i) => `$n${i}: String!, $b${i}: String!`).join(', ');
  const body = Array.from({ length: count }, (_, i) => `r${i}: repository(owner: $org, name: $n${i}) { ${repoFields(i, admin[i]!)} }`).join('\n');
  return `query RepoBatch($org: String!, ${vars}) {\n viewer { login }\n rateLimit { cost remaining resetAt }\n${body}\n}`;
}

/** The next page of merged pull requests of one repository. */
export const PR_PAGE_QUERY = `query MergedPulls($org: String!, $repo: String!, $base: String!, $after: String) {
  rateLimit { cost remaining resetAt }
  repository(owner: $org, name: $repo) {
    pullRequests(states: [MERGED], baseRefName: $base, first: ${PR_PAGE}, after: $after, orderBy: { field: UPDATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor } nodes { ${PR_FIELDS} }
    }
  }
}`;

/** Further approving reviews of one pull request (more than REVIEW_PAGE approvals). */
export const REVIEWS_QUERY = `query Approvals($org: String!, $repo: String!, $number: Int!, $after: String) {
  rateLimit { cost remaining resetAt }
  repository(owner: $org, name: $repo) {
    pullRequest(number: $number) { reviews(states: [APPROVED], first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { state submittedAt author { login } } } }
  }
}`;
