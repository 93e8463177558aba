import { BATCH_SIZE } from './query.js';

export interface BudgetInput {
  /** Repositories listed (including archived and excluded ones). */
  listed: number;
  /** Repositories in scope (non-archived, matching include/exclude). */
  repos: number;
  members: number;
  owners: number;
  membersWithout2fa: number;
  outsideCollaborators: number;
  openAlerts: number;
  /** Outside collaborators with 2FA disabled (default 0). */
  outsideWithout2fa?: number;
  /** Open secret scanning and code scanning alerts of the organisation (default 0). */
  secretAlerts?: number;
  codeAlerts?: number;
  /** App installations; fine-grained token grants (read only when authenticated as an App). */
  installations?: number;
  tokenGrants?: number;
  asApp?: boolean;
  /** Extra merged-PR pages: per repository, max(0, pages of PRs updated since the period start − 1). */
  extraPrPages?: number;
  /** Extra review pages: PRs with more than 10 approvals. */
  extraReviewPages?: number;
  /** Follow-up rounds: per batch of 20, the most further pages of 100 any of its lists needs (`follow.ts`). */
  followRounds?: number;
}

const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

/**
 * Requests one collection makes (README.md, "Call budget"):
 * REST = 1 + 1 (workflow permissions) + p(outside without 2FA) + p(secret alerts) + p(code alerts)
 *   + p(App installations) + (as an App) p(token grants) + p(owners) + p(members) + p(2fa-disabled) + p(outside) + p(listed repos) + p(open alerts), p(n) = max(1, ⌈n/100⌉);
 * GraphQL = ⌈repos/20⌉ + extra PR pages + extra review pages + follow-up rounds (≈11 points per batch).
 */
export function expectedCalls(b: BudgetInput): { rest: number; graphql: number } {
  const rest =
    1 +
    1 +
    pages(b.outsideWithout2fa ?? 0) +
    pages(b.secretAlerts ?? 0) +
    pages(b.codeAlerts ?? 0) +
    pages(b.installations ?? 0) +
    (b.asApp ? pages(b.tokenGrants ?? 0) : 0) +
    pages(b.owners) +
    pages(b.members) +
    pages(b.membersWithout2fa) +
    pages(b.outsideCollaborators) +
    pages(b.listed) +
    (b.repos > 0 ? pages(b.openAlerts) : 0);
  const graphql = Math.ceil(b.repos / BATCH_SIZE) + (b.extraPrPages ?? 0) + (b.extraReviewPages ?? 0) + (b.followRounds ?? 0);
  return { rest, graphql };
}
