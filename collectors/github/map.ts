import type { RepoRef } from './types.js';

/** A GraphQL connection page (edges or nodes). */
export interface Conn {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes?: unknown[];
  edges?: unknown[];
}

/** The part of GitHub's `Repository` object the batch query selects. */
export interface GqlRepo {
  name: string;
  viewerPermission: string | null;
  hasVulnerabilityAlertsEnabled?: boolean | null;
  defaultBranchRef: {
    name: string;
    branchProtectionRule: {
      pattern: string;
      requiresApprovingReviews: boolean;
      requiredApprovingReviewCount: number | null;
      dismissesStaleReviews: boolean;
      requiresCodeOwnerReviews: boolean;
      requireLastPushApproval: boolean;
      isAdminEnforced: boolean;
      allowsForcePushes: boolean;
      allowsDeletions: boolean;
      requiresStatusChecks: boolean;
      requiredStatusCheckContexts: Array<string | null> | null;
      bypassPullRequestAllowances: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<{ actor: { __typename: string; login?: string; slug?: string } | null }>;
      };
    } | null;
    rules: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{
        type: string;
        parameters: ({ __typename: string } & Record<string, unknown>) | null;
        repositoryRuleset: {
          databaseId: number | null;
          name: string;
          enforcement: string;
          source: { __typename: string; login?: string; nameWithOwner?: string };
          bypassActors: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            nodes: Array<{
              bypassMode: string | null;
              organizationAdmin: boolean;
              deployKey: boolean;
              repositoryRoleName: string | null;
              actor: { __typename: string; slug?: string } | null;
            }>;
          } | null;
        } | null;
      }>;
    } | null;
  } | null;
  collaborators: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    /** GraphQL's RepositoryPermission. */
    edges: Array<{ permission: 'ADMIN' | 'MAINTAIN' | 'WRITE' | 'TRIAGE' | 'READ'; node: { login: string } }>;
  } | null;
  pullRequests: PrPage | null;
}

export interface PrPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: PrNode[];
}

export interface PrNode {
  number: number;
  title: string;
  url: string;
  updatedAt: string;
  mergedAt: string | null;
  baseRefName: string;
  author: { login: string } | null;
  mergedBy: { login: string } | null;
  reviews: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ReviewNode[] } | null;
}

export interface ReviewNode {
  state: string;
  submittedAt: string | null;
  author: { login: string } | null;
}

/** `github.repo.branch-protection`: classic protection of the default branch (null settings = not protected). */
export function mapProtection(ref: RepoRef, repo: GqlRepo) {
  const p = repo.defaultBranchRef?.branchProtectionRule ?? null;
  return {
    repo: ref.fullName,
    branch: repo.defaultBranchRef?.name ?? null,
    protected: p !== null,
    pattern: p?.pattern ?? null,
    requiredApprovingReviewCount: p ? (p.requiresApprovingReviews ? (p.requiredApprovingReviewCount ?? 0) : 0) : null,
    dismissStaleReviews: p?.dismissesStaleReviews ?? null,
    requireCodeOwnerReviews: p?.requiresCodeOwnerReviews ?? null,
    requireLastPushApproval: p?.requireLastPushApproval ?? null,
    enforceAdmins: p?.isAdminEnforced ?? null,
    allowForcePushes: p?.allowsForcePushes ?? null,
    allowDeletions: p?.allowsDeletions ?? null,
    // Why contexts only when required: GitHub keeps the list when the requirement is switched off.
    requiredStatusChecks: p ? (p.requiresStatusChecks ? (p.requiredStatusCheckContexts ?? []).filter((c): c is string => typeof c === 'string') : []) : null,
    bypassPullRequestAllowances: p ? p.bypassPullRequestAllowances.nodes.map((n) => n.actor?.login ?? n.actor?.slug ?? 'unknown') : [],
  };
}

/** `github.repo.rules`: the active rules (repository and organisation rulesets) on the default branch. */
export function mapRules(ref: RepoRef, repo: GqlRepo) {
  const nodes = repo.defaultBranchRef?.rules?.nodes ?? [];
  return {
    repo: ref.fullName,
    branch: repo.defaultBranchRef?.name ?? null,
    rules: nodes.map((n) => {
      const rs = n.repositoryRuleset;
      const { __typename: _t, ...parameters } = n.parameters ?? { __typename: '' };
      return {
        // Why: REST names the same rule types in snake_case (`pull_request`, `non_fast_forward`); keep one vocabulary.
        type: n.type.toLowerCase(),
        parameters: n.parameters ? parameters : null,
        rulesetId: rs?.databaseId ?? null,
        rulesetName: rs?.name ?? null,
        enforcement: rs?.enforcement?.toLowerCase() ?? null,
        sourceType: rs?.source.__typename ?? null,
        source: rs?.source.login ?? rs?.source.nameWithOwner ?? null,
        bypassActors: (rs?.bypassActors?.nodes ?? []).map((b) => ({
          actor: b.actor?.slug ?? (b.organizationAdmin ? 'organization-admin' : b.deployKey ? 'deploy-key' : (b.repositoryRoleName ?? 'unknown')),
          actorType: b.actor?.__typename ?? (b.organizationAdmin ? 'OrganizationAdmin' : b.deployKey ? 'DeployKey' : 'RepositoryRole'),
          bypassMode: b.bypassMode?.toLowerCase() ?? null,
        })),
        bypassActorsTruncated: (rs?.bypassActors?.totalCount ?? 0) > (rs?.bypassActors?.nodes.length ?? 0),
      };
    }),
  };
}
