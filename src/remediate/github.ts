import { setTimeout as sleep } from 'node:timers/promises';
import { RequestError } from '@octokit/request-error';
import type { GithubClient } from '../../collectors/github/client.js';
import type { GithubConfig } from '../../collectors/github/types.js';
import type { CollectorStats } from '../types.js';
import type { Action, ExistingIssue } from './plan.js';

/** Issues read per listing page, and the most pages read (every request loop is bounded: 50,000 issues). */
const PER_PAGE = 100;
const MAX_PAGES = 500;

export interface IssueTarget {
  owner: string;
  repo: string;
}

/** A GitHub answer remediation cannot go on after: one line for the user, no stack. */
export class RemediateError extends Error {}

const quietStats: CollectorStats = { page() {}, retry() {}, progress() {}, fact() {} };

/**
 * The same Octokit the GitHub collector builds (throttling, server-error retries, per-attempt deadline, the
 * secondary-limit gate, baseUrl for GHES and the sandbox, token or App installation). One request at a time:
 * GitHub asks integrations to make content-creating requests serially. Octokit is loaded here, on first use: every
 * command module imports this file's callers.
 */
export async function issuesClient(config: GithubConfig, signal: AbortSignal, timeoutMs: number, writeSpacingMs = 1000): Promise<GithubClient> {
  const { createClient } = await import('../../collectors/github/client.js');
  const spacer = new Spacer(writeSpacingMs, signal);
  return createClient(config, quietStats, signal, timeoutMs, 1, { write: spacer, notifications: spacer });
}

/**
 * Stands in for plugin-throttling's `write` and `notifications` groups (Bottleneck, 1 s and 3 s apart): one write
 * at a time, at least `ms` apart. GitHub: "If you're making a large number of POST, PATCH, PUT, or DELETE requests
 * … wait at least one second between each request." Tests and the sandbox demo pass a shorter spacing.
 */
class Spacer {
  private next = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ms: number,
    private readonly signal: AbortSignal,
  ) {}

  key(): { schedule: <R>(opts: unknown, fn: (...a: unknown[]) => R, ...args: unknown[]) => Promise<R> } {
    return {
      schedule: <R>(_opts: unknown, fn: (...a: unknown[]) => R, ...args: unknown[]): Promise<R> => {
        const run = this.chain.then(async () => {
          const wait = this.next - Date.now();
          if (wait > 0) await sleep(wait, undefined, { signal: this.signal });
          this.next = Date.now() + this.ms;
          return fn(...args);
        });
        this.chain = run.catch(() => undefined);
        return run;
      },
    };
  }
}

/**
 * Every issue of the repository carrying the first configured label (all of them without labels), open and
 * closed. Why skip `pull_request` items: this endpoint lists pull requests too.
 */
export async function readIssues(gh: GithubClient, t: IssueTarget, labels: string[]): Promise<ExistingIssue[]> {
  const out: ExistingIssue[] = [];
  let page = 0;
  const it = gh.paginate.iterator('GET /repos/{owner}/{repo}/issues', { ...t, state: 'all', per_page: PER_PAGE, ...(labels[0] ? { labels: labels[0] } : {}) });
  for await (const res of it) {
    if (++page > MAX_PAGES)
      throw new RemediateError(`${t.owner}/${t.repo}: more than ${MAX_PAGES * PER_PAGE} issues carry the label; narrow remediation.github.labels`);
    for (const i of res.data as Array<{
      pull_request?: unknown;
      number?: unknown;
      state?: unknown;
      html_url?: unknown;
      url?: unknown;
      title?: unknown;
      body?: unknown;
      labels?: Array<string | { name?: string }>;
      assignees?: Array<{ login: string }> | null;
    }>) {
      if (i.pull_request) continue;
      if (typeof i.number !== 'number' || (i.state !== 'open' && i.state !== 'closed'))
        throw new RemediateError(`${t.owner}/${t.repo}: GitHub's issue list answered an item without number or state`);
      out.push({
        number: i.number,
        url: String(i.html_url ?? i.url),
        state: i.state,
        title: String(i.title ?? ''),
        body: typeof i.body === 'string' ? i.body : '',
        labels: (i.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
        assignees: (i.assignees ?? []).map((a) => a.login),
      });
    }
  }
  return out;
}

/** Carries out one action; returns the issue it touched. */
export async function apply(gh: GithubClient, t: IssueTarget, a: Action, current?: ExistingIssue): Promise<{ number: number; url: string }> {
  const assignees = a.assignee ? [...new Set([...(current?.assignees ?? []), a.assignee])] : undefined;
  const labels = [...new Set([...(current?.labels ?? []), ...a.labels])];
  switch (a.kind) {
    case 'open': {
      const res = await gh.request('POST /repos/{owner}/{repo}/issues', { ...t, title: a.title, body: a.body, labels, ...(assignees ? { assignees } : {}) });
      return { number: res.data.number, url: res.data.html_url };
    }
    case 'update':
    case 'reopen': {
      const n = a.issue!.number;
      // Why the comment first on a re-open: whoever watches the issue sees why it came back before the new body.
      if (a.kind === 'reopen') await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...t, issue_number: n, body: a.comment! });
      await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        ...t,
        issue_number: n,
        title: a.title,
        body: a.body,
        labels,
        ...(assignees ? { assignees } : {}),
        ...(a.kind === 'reopen' ? { state: 'open' as const } : {}),
      });
      return a.issue!;
    }
    case 'close':
    case 'close-duplicate': {
      const n = a.issue!.number;
      await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...t, issue_number: n, body: a.comment! });
      await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        ...t,
        issue_number: n,
        state: 'closed',
        state_reason: a.kind === 'close' ? 'completed' : 'not_planned',
      });
      return a.issue!;
    }
    default:
      return a.issue!;
  }
}

/** One line naming what GitHub refused and what to do about it. */
export function describeGithubError(err: unknown, t: IssueTarget, what: string): string | undefined {
  if (err instanceof RemediateError) return err.message;
  if (!(err instanceof RequestError)) return undefined;
  const repo = `${t.owner}/${t.repo}`;
  const msg = String((err.response?.data as { message?: string } | undefined)?.message ?? err.message).split('\n')[0];
  switch (err.status) {
    case 401:
      return `GitHub refused the credentials (401 ${msg}) while ${what}; check the token in remediation.github.token or GITHUB_TOKEN`;
    case 403:
      return `no permission to write issues in ${repo} (403 ${msg}) while ${what}; the token needs issues: write (classic: repo scope)`;
    case 404:
      return `repository ${repo} not found, or not visible to the token (404) while ${what}; check remediation.github.repo`;
    case 410:
      return `issues are disabled in ${repo} (410) while ${what}`;
    case 422: {
      const errors = ((err.response?.data as { errors?: Array<{ field?: string; value?: unknown; code?: string }> } | undefined)?.errors ?? []).map(
        (e) => `${e.field ?? '?'} ${e.code ?? 'invalid'}${e.value !== undefined ? ` '${String(e.value)}'` : ''}`,
      );
      const hint = errors.some((e) => e.startsWith('assignees'))
        ? '; map the owner to a login that can be assigned (remediation.github.owners) or set assignFromOwner: false'
        : '';
      return `GitHub rejected the request for ${repo} (422 ${msg}${errors.length ? `: ${errors.join(', ')}` : ''}) while ${what}${hint}`;
    }
    default:
      return `GitHub answered ${err.status} (${msg}) for ${repo} while ${what}`;
  }
}
