import type { Results } from '../engine/results.js';
import { checksOf, controlOfBody, issueBody, issueTitle, type BundleRefInfo } from './issue-body.js';

/** An issue as read back from GitHub (the fields remediation compares). */
export interface ExistingIssue {
  number: number;
  url: string;
  state: 'open' | 'closed';
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
}

export type ActionKind = 'open' | 'update' | 'reopen' | 'close' | 'close-duplicate' | 'unchanged';

/** One step of the plan: what happens to one control's issue. */
export interface Action {
  kind: ActionKind;
  control: string;
  status: string;
  owner?: string;
  /** The login the issue is assigned to (absent: the owner is not mapped, or assignFromOwner is off). */
  assignee?: string;
  /** The existing issue, when there is one. */
  issue?: { number: number; url: string };
  title: string;
  body: string;
  labels: string[];
  /** For close: the comment; for reopen: the comment too. */
  comment?: string;
  /** For close-duplicate: the issue kept. */
  duplicateOf?: number;
}

export interface PlanOptions {
  labels: string[];
  assignFromOwner: boolean;
  logins: Map<string, string>;
}

/**
 * What to do for each control of a bundle's results, given the issues already there (found by marker):
 * failing or erroring → open (none yet), re-open (closed), update (open, but title, body, labels or assignee
 * differ) or leave; passing (pass, excepted, not-applicable) with an open issue → comment and close; manual and
 * not assessed controls are left alone (no automated verdict to act on). A second issue with the same marker (a
 * create that succeeded but whose answer was lost) is closed as a duplicate of the oldest.
 */
export function planActions(results: Results, bundle: BundleRefInfo, existing: ExistingIssue[], opts: PlanOptions): Action[] {
  const byControl = new Map<string, ExistingIssue[]>();
  for (const i of [...existing].sort((a, b) => a.number - b.number)) {
    const id = controlOfBody(i.body);
    if (id) byControl.set(id, [...(byControl.get(id) ?? []), i]);
  }
  const actions: Action[] = [];
  for (const c of results.controls) {
    const [issue, ...dupes] = byControl.get(c.id) ?? [];
    const login = opts.assignFromOwner && c.owner ? opts.logins.get(c.owner.toLowerCase()) : undefined;
    const base = { control: c.id, status: c.status, owner: c.owner, assignee: login, title: issueTitle(c), labels: opts.labels };
    const ref = issue ? { number: issue.number, url: issue.url } : undefined;
    for (const d of dupes) {
      if (d.state === 'open')
        actions.push({
          ...base,
          kind: 'close-duplicate',
          issue: { number: d.number, url: d.url },
          body: d.body,
          duplicateOf: issue!.number,
          comment: `Duplicate of #${issue!.number} (the same control); closed by \`soc2 remediate\`.`,
        });
    }
    if (c.status === 'fail' || c.status === 'error') {
      const body = issueBody(c, checksOf(results, c.id), bundle, { email: c.owner, login });
      if (!issue) actions.push({ ...base, kind: 'open', body });
      else if (issue.state === 'closed')
        actions.push({
          ...base,
          kind: 'reopen',
          issue: ref,
          body,
          comment: `${c.id} is **${c.status}** again in bundle \`${bundle.name}\` (sha256:${bundle.digest}); re-opened by \`soc2 remediate\`.`,
        });
      else actions.push({ ...base, kind: differs(issue, base.title, body, opts.labels, login) ? 'update' : 'unchanged', issue: ref, body });
      continue;
    }
    if (c.status === 'pass' || c.status === 'not-applicable') {
      if (issue?.state === 'open')
        actions.push({
          ...base,
          kind: 'close',
          issue: ref,
          body: issue.body,
          comment: `${c.id} passes in bundle \`${bundle.name}\` (sha256:${bundle.digest})${c.excepted ? ` with ${c.excepted} finding(s) covered by approved exceptions` : ''}; closed by \`soc2 remediate\`.`,
        });
    }
  }
  return actions;
}

function differs(i: ExistingIssue, title: string, body: string, labels: string[], login: string | undefined): boolean {
  if (i.title !== title || i.body !== body) return true;
  if (labels.some((l) => !i.labels.includes(l))) return true;
  return login !== undefined && !i.assignees.includes(login);
}
