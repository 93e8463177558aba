import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SandboxResponse } from '../server.js';
import { viewerIsAdmin, type GhRepo } from './data.js';
import { apiRoot, error, json, paged, simpleUser, type GhCall } from './http.js';

/**
 * The Issues API of one sandbox (docs.github.com/rest/issues): create, update, comment, list by label. State lives
 * in memory for the sandbox's lifetime; with `issues_state_file` (the `remediate --demo` loop) it is also kept in a
 * file, so separate CLI runs see the issues earlier runs opened.
 */

const ISSUES_DOCS = 'https://docs.github.com/rest/issues/issues';
/** GitHub: "You can assign up to ten people to each issue." */
const MAX_ASSIGNEES = 10;

export interface StoredComment {
  id: number;
  user: string;
  body: string;
  created_at: string;
}

export interface StoredIssue {
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: string[];
  assignees: string[];
  comments: StoredComment[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

interface State {
  /** Per repository name. */
  issues: Record<string, StoredIssue[]>;
  nextId: number;
}

export class IssueStore {
  private state: State = { issues: {}, nextId: 1 };

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) this.state = JSON.parse(readFileSync(file, 'utf8')) as State;
  }

  list(repo: string): StoredIssue[] {
    return (this.state.issues[repo] ??= []);
  }

  nextId(): number {
    return this.state.nextId++;
  }

  save(): void {
    if (!this.file) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state));
    renameSync(`${this.file}.tmp`, this.file);
  }
}

function repoOf(call: GhCall): GhRepo | undefined {
  if (call.params.owner !== call.ix.scenario.org.login) return undefined;
  return call.ix.repoByName.get(call.params.repo ?? '');
}

/**
 * Why writes need admin here: the sandbox's tokens are owners (admin on every repository) or members; a member
 * token stands for a fine-grained token without `issues: write`, which GitHub answers with this 403.
 */
function canWrite(call: GhCall, r: GhRepo): boolean {
  return viewerIsAdmin(call.viewer, r);
}

function denied(call: GhCall): SandboxResponse {
  return error(call, 403, 'Resource not accessible by personal access token', 'https://docs.github.com/rest/issues/issues#create-an-issue');
}

/** Assignable (GitHub docs): organisation members, and collaborators with write access or more. */
function assignable(call: GhCall, r: GhRepo, login: string): boolean {
  if (call.ix.memberByLogin.has(login)) return true;
  return (r.collaborators ?? []).some((c) => c.login === login && ['write', 'maintain', 'admin'].includes(c.permission));
}

function validationFailed(call: GhCall, errors: Array<Record<string, unknown>>): SandboxResponse {
  return json(call, 422, { message: 'Validation Failed', errors, documentation_url: ISSUES_DOCS, status: '422' });
}

function bodyOf(call: GhCall): Record<string, unknown> | SandboxResponse {
  const text = call.req.body.toString('utf8');
  try {
    const v = text ? (JSON.parse(text) as unknown) : {};
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // falls through
  }
  return error(call, 400, 'Problems parsing JSON', ISSUES_DOCS);
}

function isResponse(v: unknown): v is SandboxResponse {
  return typeof (v as SandboxResponse).status === 'number' && typeof (v as SandboxResponse).operation === 'string';
}

/** Checks `labels` and `assignees` as GitHub does: strings (label objects `{name}` too), assignable logins. */
function labelsAndAssignees(call: GhCall, r: GhRepo, b: Record<string, unknown>): { labels?: string[]; assignees?: string[] } | SandboxResponse {
  const out: { labels?: string[]; assignees?: string[] } = {};
  if (b.labels !== undefined) {
    if (!Array.isArray(b.labels)) return validationFailed(call, [{ resource: 'Issue', field: 'labels', code: 'invalid' }]);
    out.labels = [...new Set(b.labels.map((l) => (typeof l === 'string' ? l : String((l as { name?: unknown })?.name ?? ''))).filter(Boolean))];
  }
  if (b.assignees !== undefined) {
    if (!Array.isArray(b.assignees) || b.assignees.some((a) => typeof a !== 'string'))
      return validationFailed(call, [{ resource: 'Issue', field: 'assignees', code: 'invalid' }]);
    const list = [...new Set(b.assignees as string[])];
    const bad = list.filter((a) => !assignable(call, r, a));
    if (bad.length)
      return validationFailed(
        call,
        bad.map((value) => ({ value, resource: 'Issue', field: 'assignees', code: 'invalid' })),
      );
    if (list.length > MAX_ASSIGNEES)
      return validationFailed(call, [
        { resource: 'Issue', field: 'assignees', code: 'invalid', message: `Issues can have at most ${MAX_ASSIGNEES} assignees` },
      ]);
    out.assignees = list;
  }
  return out;
}

export function renderIssue(call: GhCall, r: GhRepo, i: StoredIssue): Record<string, unknown> {
  const org = call.ix.scenario.org.login;
  const api = `${apiRoot(call)}/repos/${org}/${r.name}`;
  return {
    id: r.id * 100_000 + i.number,
    node_id: Buffer.from(`I_${r.id}_${i.number}`).toString('base64url'),
    url: `${api}/issues/${i.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${i.number}/labels{/name}`,
    comments_url: `${api}/issues/${i.number}/comments`,
    events_url: `${api}/issues/${i.number}/events`,
    html_url: `https://github.com/${org}/${r.name}/issues/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.state_reason,
    title: i.title,
    body: i.body,
    user: simpleUser(call, i.user),
    labels: i.labels.map((name) => ({
      id: labelId(name),
      node_id: Buffer.from(`LA_${name}`).toString('base64url'),
      url: `${api}/labels/${encodeURIComponent(name)}`,
      name,
      color: 'ededed',
      default: false,
      description: null,
    })),
    assignee: i.assignees[0] ? simpleUser(call, i.assignees[0]) : null,
    assignees: i.assignees.map((a) => simpleUser(call, a)),
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: i.comments.length,
    closed_at: i.closed_at,
    created_at: i.created_at,
    updated_at: i.updated_at,
    closed_by: i.closed_by ? simpleUser(call, i.closed_by) : null,
    author_association: 'MEMBER',
  };
}

function labelId(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return 7_000_000 + (h % 1_000_000);
}

/** The issue numbers a repository's pull requests already use (issues and pulls share one sequence on GitHub). */
function nextNumber(r: GhRepo, issues: StoredIssue[]): number {
  return Math.max(0, ...r.pullsByUpdate.map((p) => p.number), ...issues.map((i) => i.number)) + 1;
}

export function issueRoutes(store: IssueStore, now: () => Date) {
  const stamp = () => new Date(Math.floor(now().getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

  /** POST /repos/{owner}/{repo}/issues → 201. */
  function createIssue(call: GhCall): SandboxResponse {
    const r = repoOf(call);
    if (!r) return error(call, 404, 'Not Found', ISSUES_DOCS);
    if (!canWrite(call, r)) return denied(call);
    const b = bodyOf(call);
    if (isResponse(b)) return b;
    if (typeof b.title !== 'string' && typeof b.title !== 'number')
      return validationFailed(call, [{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
    if (b.body !== undefined && b.body !== null && typeof b.body !== 'string')
      return validationFailed(call, [{ resource: 'Issue', code: 'invalid', field: 'body' }]);
    const la = labelsAndAssignees(call, r, b);
    if (isResponse(la)) return la;
    const list = store.list(r.name);
    const at = stamp();
    const issue: StoredIssue = {
      number: nextNumber(r, list),
      title: String(b.title),
      body: (b.body as string | undefined) ?? null,
      user: call.viewer.login,
      state: 'open',
      state_reason: null,
      labels: la.labels ?? [],
      assignees: la.assignees ?? [],
      comments: [],
      created_at: at,
      updated_at: at,
      closed_at: null,
      closed_by: null,
    };
    list.push(issue);
    store.save();
    const rendered = renderIssue(call, r, issue);
    return json(call, 201, rendered, { location: String(rendered.url) });
  }

  /** PATCH /repos/{owner}/{repo}/issues/{issue_number}: title, body, state, state_reason, labels, assignees. */
  function updateIssue(call: GhCall): SandboxResponse {
    const r = repoOf(call);
    const issue = r ? store.list(r.name).find((i) => i.number === Number(call.params.issue_number)) : undefined;
    if (!r || !issue) return error(call, 404, 'Not Found', ISSUES_DOCS);
    if (!canWrite(call, r)) return denied(call);
    const b = bodyOf(call);
    if (isResponse(b)) return b;
    if (b.state !== undefined && b.state !== 'open' && b.state !== 'closed')
      return validationFailed(call, [{ resource: 'Issue', code: 'invalid', field: 'state' }]);
    const reasons = ['completed', 'not_planned', 'reopened', null];
    if (b.state_reason !== undefined && !reasons.includes(b.state_reason as string | null))
      return validationFailed(call, [{ resource: 'Issue', code: 'invalid', field: 'state_reason' }]);
    const la = labelsAndAssignees(call, r, b);
    if (isResponse(la)) return la;
    if (typeof b.title === 'string') issue.title = b.title;
    if (b.body !== undefined) issue.body = (b.body as string | null) ?? null;
    if (la.labels) issue.labels = la.labels;
    if (la.assignees) issue.assignees = la.assignees;
    const at = stamp();
    // Why: "state_reason … Ignored unless state is changed."
    if (b.state && b.state !== issue.state) {
      issue.state = b.state;
      if (issue.state === 'closed') {
        issue.state_reason = (b.state_reason as StoredIssue['state_reason']) ?? 'completed';
        issue.closed_at = at;
        issue.closed_by = call.viewer.login;
      } else {
        issue.state_reason = 'reopened';
        issue.closed_at = null;
        issue.closed_by = null;
      }
    }
    issue.updated_at = at;
    store.save();
    return json(call, 200, renderIssue(call, r, issue));
  }

  /** POST /repos/{owner}/{repo}/issues/{issue_number}/comments → 201. */
  function createComment(call: GhCall): SandboxResponse {
    const r = repoOf(call);
    const issue = r ? store.list(r.name).find((i) => i.number === Number(call.params.issue_number)) : undefined;
    if (!r || !issue) return error(call, 404, 'Not Found', 'https://docs.github.com/rest/issues/comments#create-an-issue-comment');
    if (!canWrite(call, r)) return denied(call);
    const b = bodyOf(call);
    if (isResponse(b)) return b;
    if (typeof b.body !== 'string' || !b.body) return validationFailed(call, [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    const at = stamp();
    const c: StoredComment = { id: store.nextId(), user: call.viewer.login, body: b.body, created_at: at };
    issue.comments.push(c);
    issue.updated_at = at;
    store.save();
    const org = call.ix.scenario.org.login;
    const url = `${apiRoot(call)}/repos/${org}/${r.name}/issues/comments/${c.id}`;
    return json(
      call,
      201,
      {
        id: c.id,
        node_id: Buffer.from(`IC_${c.id}`).toString('base64url'),
        url,
        html_url: `https://github.com/${org}/${r.name}/issues/${issue.number}#issuecomment-${c.id}`,
        body: c.body,
        user: simpleUser(call, c.user),
        created_at: at,
        updated_at: at,
        issue_url: `${apiRoot(call)}/repos/${org}/${r.name}/issues/${issue.number}`,
        author_association: 'MEMBER',
      },
      { location: url },
    );
  }

  /**
   * GET /repos/{owner}/{repo}/issues: `state` open|closed|all (default open), `labels` comma-separated (every one
   * must be on the item), newest first, paged. Like GitHub, pull requests are listed too (with `pull_request`).
   */
  function listIssues(call: GhCall): SandboxResponse {
    const r = repoOf(call);
    if (!r) return error(call, 404, 'Not Found', ISSUES_DOCS);
    const q = call.req.url.searchParams;
    const state = q.get('state') ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) return validationFailed(call, [{ resource: 'Issue', code: 'invalid', field: 'state' }]);
    const want = (q.get('labels') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    type Item = { kind: 'issue'; issue: StoredIssue } | { kind: 'pull'; number: number; title: string; user: string; at: string; labels: string[] };
    const items: Item[] = [
      ...store.list(r.name).map((issue) => ({ kind: 'issue' as const, issue })),
      ...r.pullsByUpdate.map((p) => ({
        kind: 'pull' as const,
        number: p.number,
        title: p.title ?? `Change ${p.number}`,
        user: p.author,
        at: p.merged_at ?? p.updated_at ?? '2026-01-01T00:00:00Z',
        labels: p.labels ?? [],
      })),
    ];
    const stateOf = (x: Item) => (x.kind === 'issue' ? x.issue.state : 'closed');
    const labelsOf = (x: Item) => (x.kind === 'issue' ? x.issue.labels : x.labels);
    const numberOf = (x: Item) => (x.kind === 'issue' ? x.issue.number : x.number);
    const list = items
      .filter((x) => (state === 'all' || stateOf(x) === state) && want.every((l) => labelsOf(x).includes(l)))
      .sort((a, b) => numberOf(b) - numberOf(a));
    return paged(call, list, (x) => {
      if (x.kind === 'issue') return renderIssue(call, r, x.issue);
      const org = call.ix.scenario.org.login;
      const issue: StoredIssue = {
        number: x.number,
        title: x.title,
        body: null,
        user: x.user,
        state: 'closed',
        state_reason: null,
        labels: x.labels,
        assignees: [],
        comments: [],
        created_at: x.at,
        updated_at: x.at,
        closed_at: x.at,
        closed_by: null,
      };
      return {
        ...renderIssue(call, r, issue),
        pull_request: {
          url: `${apiRoot(call)}/repos/${org}/${r.name}/pulls/${x.number}`,
          html_url: `https://github.com/${org}/${r.name}/pull/${x.number}`,
          merged_at: x.at,
        },
      };
    });
  }

  /** GET /repos/{owner}/{repo}/issues/{issue_number}/comments (paged, oldest first). */
  function listComments(call: GhCall): SandboxResponse {
    const r = repoOf(call);
    const issue = r ? store.list(r.name).find((i) => i.number === Number(call.params.issue_number)) : undefined;
    if (!r || !issue) return error(call, 404, 'Not Found', ISSUES_DOCS);
    const org = call.ix.scenario.org.login;
    return paged(call, issue.comments, (c) => ({
      id: c.id,
      url: `${apiRoot(call)}/repos/${org}/${r.name}/issues/comments/${c.id}`,
      body: c.body,
      user: simpleUser(call, c.user),
      created_at: c.created_at,
      updated_at: c.created_at,
      author_association: 'MEMBER',
    }));
  }

  return { createIssue, updateIssue, createComment, listIssues, listComments };
}
