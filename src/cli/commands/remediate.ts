import type { Command } from 'commander';
import { Option } from 'commander';
import { basename, join, relative } from 'node:path';
import type { GithubConfig } from '../../../collectors/github/types.js';
import { bundleDigest } from '../../bundle/bagit.js';
import type { RemediationGithubConfig } from '../../config/config.js';
import { ownerLogins } from '../../remediate/owners.js';
import { remediate, type RemediateReport } from '../../remediate/run.js';
import type { Sandbox } from '../../sandbox/index.js';
import type { GhScenario } from '../../sandbox/github/data.js';
import { EXIT, ExitError, InputError } from '../../util/exit.js';
import { describeGithubError, issuesClient, RemediateError } from '../../remediate/github.js';
import { action } from '../action.js';
import type { Output } from '../output.js';
import { setup, type Setup } from '../setup.js';
import { fitTable, terminalWidth } from '../../util/table.js';
import { openVerifiedBundle } from '../../bundle/open-verified.js';
import { resolveBundle } from './check.js';

interface RemediateFlags {
  to: string;
  dryRun?: boolean;
  demo?: boolean;
  evidenceDir?: string;
}

/** The sandbox's issues across `remediate --demo` runs, kept beside the demo's bundles. */
export const DEMO_ISSUES_FILE = '.sandbox-github-issues.json';

export function register(program: Command): void {
  program
    .command('remediate [bundle]')
    .description('open, update, close and re-open one tracking issue per failing control of the latest sealed bundle')
    .addOption(new Option('--to <target>', 'where the issues go').choices(['github']).makeOptionMandatory())
    .option('--dry-run', 'print the plan; change nothing')
    .option('--demo', 'the demo organisation: issues in the sandbox GitHub on 127.0.0.1 (kept across runs), no credentials')
    .option('--evidence-dir <dir>', "evidence directory (default: the config's evidenceDir)")
    .action(
      action(async (out, opts, bundleArg: string | undefined, flags: RemediateFlags) => {
        const s = await setup(opts, { demo: flags.demo, evidenceDir: flags.evidenceDir, offline: true });
        const cfg = s.loaded.config.remediation?.github;
        if (!cfg)
          throw new InputError(`${s.loaded.path}: no remediation.github section`, [
            '  add remediation: { github: { repo: owner/name, labels: [soc2], assignFromOwner: true } }',
          ]);
        const [owner, repo] = cfg.repo.split('/') as [string, string];
        const dir = await resolveBundle(bundleArg, s.evidenceDir);
        const bundle = await openVerifiedBundle(dir);
        const ref = { name: basename(dir), digest: await bundleDigest(dir) };
        let sandbox: Sandbox | undefined;
        const ac = new AbortController();
        const stop = () => ac.abort(new Error('interrupted'));
        process.once('SIGINT', stop);
        try {
          let baseUrl = cfg.baseUrl ?? (s.loaded.config.sources.github?.baseUrl as string | undefined);
          if (flags.demo) {
            // Loaded on demand: the CLI imports every command module, and only a demo run needs the sandbox.
            const { loadScenario, startSandbox } = await import('../../sandbox/index.js');
            const scenario = loadScenario('demo-org');
            const gh = { ...(scenario.providers.github as GhScenario), issues_state_file: join(s.evidenceDir, DEMO_ISSUES_FILE) };
            sandbox = await startSandbox({ ...scenario, providers: { github: gh }, faults: [] }, { only: ['github'] });
            baseUrl = sandbox.urls.github;
            out.info(
              out.c.dim(
                `demo: sandbox GitHub on 127.0.0.1; its issues are kept across runs in\n  ${relative(process.cwd(), join(s.evidenceDir, DEMO_ISSUES_FILE))}`,
              ),
            );
          }
          const gh = await issuesClient(githubConfigFor(s, cfg, owner, baseUrl), ac.signal, s.loaded.config.timeoutSeconds * 1000, sandbox ? 20 : 1000);
          const roster = s.loaded.config.sources.roster as { file?: string; mapping?: string } | undefined;
          const report = await remediate(
            {
              gh,
              target: { owner, repo },
              results: bundle.results,
              bundle: ref,
              labels: cfg.labels,
              assignFromOwner: cfg.assignFromOwner,
              logins: ownerLogins({ owners: cfg.owners, roster }),
              evidenceDir: s.evidenceDir,
              dryRun: flags.dryRun ?? false,
            },
            (err, what) => describeGithubError(err, { owner, repo }, what) ?? `GitHub request failed while ${what}: ${(err as Error).message}`,
          ).catch((err: unknown) => {
            if (err instanceof RemediateError) throw new ExitError(EXIT.input, err.message);
            throw err;
          });
          if (opts.json) out.json(report);
          render(out, report);
          if (report.stoppedBy)
            throw new ExitError(EXIT.input, report.stoppedBy, [
              '  the actions before it were carried out and recorded in remediation.json; run again once fixed',
            ]);
          return EXIT.ok;
        } finally {
          process.off('SIGINT', stop);
          await sandbox?.close();
        }
      }),
    );
}

/**
 * The client's config: the remediation token (a `${ENV}` reference), else sources.github's credentials (token or
 * App), else GITHUB_TOKEN; a missing one is bad input before any request.
 */
function githubConfigFor(s: Setup, cfg: RemediationGithubConfig, owner: string, baseUrl: string | undefined): GithubConfig {
  const src = s.loaded.config.sources.github as Partial<GithubConfig> | undefined;
  const base = { org: owner, ...(baseUrl ? { baseUrl } : {}), retryBaseMs: src?.retryBaseMs };
  if (cfg.token) return { ...base, token: cfg.token };
  if (src?.token) return { ...base, token: src.token };
  if (src?.app) return { ...base, app: src.app };
  if (process.env.GITHUB_TOKEN) return { ...base, token: process.env.GITHUB_TOKEN };
  throw new InputError('remediate --to github: no GitHub token', [
    '  export GITHUB_TOKEN=… (issues: write on the repository), or set remediation.github.token: ${VAR}',
  ]);
}

const VERBS: Record<string, string> = {
  open: 'open',
  update: 'update',
  reopen: 're-open',
  close: 'close',
  'close-duplicate': 'close dup',
  unchanged: 'unchanged',
};

function render(out: Output, r: RemediateReport): void {
  const changing = r.actions.filter((a) => a.action !== 'unchanged');
  const rows = r.actions.map((a) => [
    r.dryRun || a.done || a.action === 'unchanged' ? VERBS[a.action]! : `(${VERBS[a.action]})`,
    a.control,
    a.status,
    a.issue ? `#${a.issue.number}` : '-',
    a.assignee ? `@${a.assignee}` : a.owner ? `${a.owner} (unmapped)` : '-',
  ]);
  out.info(`${r.dryRun ? 'plan for' : 'issues in'} ${r.repo} from bundle ${r.bundle.name}`);
  if (rows.length)
    out.info(
      fitTable(['ACTION', 'CONTROL', 'STATUS', 'ISSUE', 'ASSIGNEE'], rows, {
        width: Math.min(terminalWidth(), 80),
        flex: [
          { col: 4, min: 12 },
          { col: 1, min: 10 },
        ],
      }),
    );
  for (const w of r.warnings) out.warn(w);
  if (r.unmappedOwners.length)
    out.warn(`no GitHub login for owner ${r.unmappedOwners.join(', ')}: map it in remediation.github.owners or the roster's github column`);
  const count = (k: string) => changing.filter((a) => a.action === k || (k === 'close' && a.action === 'close-duplicate')).length;
  const summary = `${count('open')} to open, ${count('update')} to update, ${count('reopen')} to re-open, ${count('close')} to close, ${r.actions.length - changing.length} unchanged`;
  out.info(
    r.dryRun
      ? `dry run: ${summary}; nothing was changed`
      : summary
          .replace(/ to /g, ' ')
          .replace(/^(\d+) open/, '$1 opened')
          .replace(/(\d+) update/, '$1 updated')
          .replace(/(\d+) re-open/, '$1 re-opened')
          .replace(/(\d+) close/, '$1 closed'),
  );
}
