import type { GithubRepo, GithubRepoBranchProtection, GithubRepoRules } from '../../../../src/evidence/types.generated.js';
import type { EvidenceView, StoredRecord } from '../../../../src/types.js';

/** `github.repo` data. */
export type RepoData = GithubRepo;

/** `github.repo.branch-protection` data: the default branch's classic protection. */
export type ProtectionData = GithubRepoBranchProtection;

/** One effective rule of the default branch. */
export type RuleData = GithubRepoRules['rules'][number];

/** `github.repo.rules` data. */
export type RulesData = GithubRepoRules;

/** Records keyed by the repository full name in `data.repo`. */
export function byRepo<T extends { repo: string }>(records: StoredRecord<T>[]): Map<string, StoredRecord<T>> {
  return new Map(records.map((r) => [r.data.repo, r]));
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
  const classic = byRepo(view.records('github.repo.branch-protection'));
  const rules = byRepo(view.records('github.repo.rules'));
  return view.records('github.repo').map((repo) => ({ repo, classic: classic.get(repo.data.fullName), rules: rules.get(repo.data.fullName) }));
}

/** The evidence a finding cites: the most specific record available. */
export function cite(p: RepoProtection): string {
  return p.classic?.ref ?? p.rules?.ref ?? p.repo.ref;
}
