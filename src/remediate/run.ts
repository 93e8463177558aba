import type { GithubClient } from '../../collectors/github/client.js';
import type { Results } from '../engine/results.js';
import { apply, readIssues, RemediateError, type IssueTarget } from './github.js';
import type { BundleRefInfo } from './issue-body.js';
import { planActions, type Action, type ActionKind } from './plan.js';
import { readRemediationState, recordAction, writeRemediationState, type RemediationState } from './state.js';

export interface RemediateOptions {
  gh: GithubClient;
  target: IssueTarget;
  results: Results;
  bundle: BundleRefInfo;
  labels: string[];
  assignFromOwner: boolean;
  logins: Map<string, string>;
  evidenceDir: string;
  dryRun: boolean;
}

/** One action as reported (`--json`): what was (or, with --dry-run, would be) done. */
export interface ActionReport {
  action: ActionKind;
  control: string;
  status: string;
  owner: string | null;
  assignee: string | null;
  issue: { number: number; url: string } | null;
  done: boolean;
}

export interface RemediateReport {
  repo: string;
  bundle: BundleRefInfo;
  dryRun: boolean;
  actions: ActionReport[];
  /** Failing or erroring controls whose owner has no GitHub login mapped (assignFromOwner only). */
  unmappedOwners: string[];
  /** Set when a GitHub error stopped the run part-way: the actions after it were not carried out. */
  stoppedBy?: string;
  warnings: string[];
}

/**
 * Reads the repository's soc2 issues, plans one action per control and (unless dry-run) carries them out one by
 * one, recording each in `remediation.json` as it lands, so a run stopped by an error keeps what it did.
 */
export async function remediate(o: RemediateOptions, onError: (err: unknown, what: string) => string): Promise<RemediateReport> {
  const repo = `${o.target.owner}/${o.target.repo}`;
  const warnings: string[] = [];
  const existing = await readIssues(o.gh, o.target, o.labels).catch((err: unknown) => {
    throw new RemediateError(onError(err, 'listing its issues'));
  });
  const actions = planActions(o.results, o.bundle, existing, { labels: o.labels, assignFromOwner: o.assignFromOwner, logins: o.logins });
  const unmapped = o.assignFromOwner
    ? [
        ...new Set(
          actions
            .filter((a) => (a.kind === 'open' || a.kind === 'update' || a.kind === 'reopen' || a.kind === 'unchanged') && a.owner && !a.assignee)
            .map((a) => a.owner!),
        ),
      ].sort()
    : [];
  const report: RemediateReport = {
    repo,
    bundle: o.bundle,
    dryRun: o.dryRun,
    actions: actions.map((a) => toReport(a, false)),
    unmappedOwners: unmapped,
    warnings,
  };
  if (o.dryRun) return report;
  const loaded = readRemediationState(o.evidenceDir);
  if (loaded.problem) warnings.push(`${loaded.problem}; it is written anew`);
  const state: RemediationState = loaded.state?.repo === repo ? loaded.state : { schemaVersion: 1, repo, controls: {} };
  const day = o.results.asOf.slice(0, 10);
  const byNumber = new Map(existing.map((i) => [i.number, i]));
  for (const [k, a] of actions.entries()) {
    try {
      const issue = a.kind === 'unchanged' ? a.issue! : await apply(o.gh, o.target, a, a.issue ? byNumber.get(a.issue.number) : undefined);
      if (a.kind !== 'close-duplicate') recordAction(state, a.control, issue, a.kind, day, o.bundle.name);
      report.actions[k] = toReport({ ...a, issue }, true);
    } catch (err) {
      report.stoppedBy = onError(err, `${verb(a.kind)} the issue of ${a.control}`);
      break;
    } finally {
      writeRemediationState(o.evidenceDir, state);
    }
  }
  return report;
}

function toReport(a: Action, done: boolean): ActionReport {
  return { action: a.kind, control: a.control, status: a.status, owner: a.owner ?? null, assignee: a.assignee ?? null, issue: a.issue ?? null, done };
}

export function verb(kind: ActionKind): string {
  return { open: 'opening', update: 'updating', reopen: 're-opening', close: 'closing', 'close-duplicate': 'closing a duplicate of', unchanged: 'checking' }[
    kind
  ];
}
