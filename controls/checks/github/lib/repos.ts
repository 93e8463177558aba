import type { EvidenceView, StoredRecord } from '../../../../src/types.js';

/** `github.repo` data. */
export interface RepoData {
  name: string;
  fullName: string;
  url: string;
  visibility: string;
  defaultBranch: string;
}

export interface ProtectionData {
  repo: string;
  branch: string | null;
  protected: boolean;
  requiredApprovingReviewCount: number | null;
  dismissStaleReviews: boolean | null;
  enforceAdmins: boolean | null;
  allowForcePushes: boolean | null;
  allowDeletions: boolean | null;
  bypassPullRequestAllowances: string[];
  /** Required status check contexts (empty: none; null: not protected; absent in bundles before issue 24). */
  requiredStatusChecks?: string[] | null;
}

export interface RuleData {
  type: string;
  parameters: Record<string, unknown> | null;
  rulesetName: string | null;
  enforcement?: string | null;
  sourceType: string | null;
  bypassActors: Array<{ actor: string; actorType: string; bypassMode: string | null }>;
  bypassActorsTruncated?: boolean;
}

export interface RulesData {
  repo: string;
  branch: string | null;
  rules: RuleData[];
}

/** Records of `type` keyed by the repository full name in `data.repo`. */
export function byRepo<T extends { repo: string }>(view: EvidenceView, type: string): Map<string, StoredRecord<T>> {
  return new Map(view.records<T>(type).map((r) => [r.data.repo, r]));
}

/** `github:<org>/<repo>` */
export function repoResource(fullName: string): string {
  return `github:${fullName}`;
}

/** One repository with its protection evidence; either side may be missing when it failed to collect. */
export interface RepoProtection {
  repo: StoredRecord<RepoData>;
  classic?: StoredRecord<ProtectionData>;
  rules?: StoredRecord<RulesData>;
}

/** Joins `github.repo` with classic protection and effective rules, per repository. */
export function protections(view: EvidenceView): RepoProtection[] {
  const classic = byRepo<ProtectionData>(view, 'github.repo.branch-protection');
  const rules = byRepo<RulesData>(view, 'github.repo.rules');
  return view.records<RepoData>('github.repo').map((repo) => ({ repo, classic: classic.get(repo.data.fullName), rules: rules.get(repo.data.fullName) }));
}

/** The evidence a finding cites: the most specific record available. */
export function cite(p: RepoProtection): string {
  return p.classic?.ref ?? p.rules?.ref ?? p.repo.ref;
}
