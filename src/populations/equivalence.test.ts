/**
 * Eight simulated days through the sandbox, collected both ways — continuing the chain (incremental) and re-reading
 * the whole window every day (`--full`) — give the same verdict for every check and the same population of every
 * type, every day. The engine runs in-process (real SDK clients against 127.0.0.1); the data is the demo
 * organisation with its event times made absolute and new events on the simulated days.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { setup } from '../cli/setup.js';
import { collect, type CollectOutcome } from '../engine/run.js';
import { loadScenario, startSandbox, type Sandbox } from '../sandbox/index.js';
import { pointAtSandbox } from '../sandbox/demo.js';
import type { FaultSpec } from '../sandbox/faults.js';
import { packagePath } from '../util/paths.js';
import type { Results } from '../engine/results.js';
import { stitch } from './chain.js';
import { eventKey, policyOf } from './policy.js';

const DAY = 86_400_000;
const FIRST = Date.parse('2026-11-11T12:00:00Z');
// Why eight: the last new event (dev's StopLogging, 11-18 09:00) falls on the eighth day, and the denied day (the
// sixth) is followed by two more; ten days proved nothing more for two more collects in each mode.
const DAYS = 8;
const at = (iso: string) => iso;
/** On this day (0-based) CloudTrail denies LookupEvents in one scope, in both modes: a day whose scope is an error. */
const DENIED_DAY = 5;
const DENIED_SCOPE = '222222222222/us-east-1';

/** Relative scenario times (-3d, -6h) as absolute ones, so an event keeps its time whatever day is simulated. */
function absolute(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const m = /^-(\d+(?:\.\d+)?)([dhm])$/.exec(v);
  if (!m) return v;
  const unit = { d: DAY, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
  return new Date(FIRST - Number(m[1]) * unit).toISOString();
}

function scenario(): string {
  const dir = mkdtempSync(join(tmpdir(), 'soc2-equiv-'));
  const src = packagePath('fixtures', 'demo-org');
  for (const f of readdirSync(src)) cpSync(join(src, f), join(dir, f), { recursive: true });
  const edit = (file: string, fn: (doc: any) => void) => {
    const doc = parse(readFileSync(join(dir, file), 'utf8'));
    fn(doc);
    writeFileSync(join(dir, file), stringify(doc));
  };
  edit('aws.yaml', (doc) => {
    for (const a of doc.accounts) for (const e of a.events ?? []) e.at = absolute(e.at);
    const prod = doc.accounts.find((a: any) => a.name === 'prod');
    const dev = doc.accounts.find((a: any) => a.name === 'dev');
    prod.events.push({ at: at('2026-11-13T08:00:00Z'), name: 'ConsoleLogin', user: 'dave', mfa: false, ip: '198.51.100.23' });
    prod.events.push({ at: at('2026-11-14T11:50:00Z'), name: 'ConsoleLogin', user: 'carol', mfa: true, ip: '203.0.113.11' });
    dev.events.push({ at: at('2026-11-16T03:00:00Z'), name: 'ConsoleLogin', user: 'root', type: 'Root', mfa: true, ip: '192.0.2.44' });
    dev.events.push({ at: at('2026-11-18T09:00:00Z'), region: 'eu-west-1', name: 'StopLogging', user: 'frank', params: { name: 'dev-eu-trail' } });
  });
  edit('okta.yaml', (doc) => {
    for (const l of doc.logs) l.published = absolute(l.published);
    doc.logs.push({
      published: '2026-11-14T10:00:00Z',
      eventType: 'user.lifecycle.suspend',
      actor: 'ben.okafor@acme.example',
      target: 'victor.hale@acme.example',
    });
    doc.logs.push({
      published: '2026-11-17T10:00:00Z',
      eventType: 'user.lifecycle.deactivate',
      actor: 'ben.okafor@acme.example',
      target: 'victor.hale@acme.example',
    });
    doc.logs.push({
      published: '2026-11-15T09:00:00Z',
      eventType: 'user.mfa.factor.reset_all',
      actor: 'carla.diaz@acme.example',
      target: 'lena.fischer@acme.example',
    });
  });
  edit('github.yaml', (doc) => {
    const repo = doc.repos.find((r: any) => (r.pulls ?? []).length > 0);
    repo.pulls.push({ number: 104, title: 'Unreviewed hotfix', author: 'dave', merged_at: '2026-11-15T10:00:00Z', merged_by: 'dave', reviews: [] });
  });
  return dir;
}

const verdicts = (r: Results) =>
  r.checks.map(
    (c) =>
      `${c.control} ${c.check} ${c.status} | ${c.findings
        .map((f) => `${f.status} ${f.resource} ${f.reason}`)
        .sort()
        .join(' | ')} | ${c.errors.map((e) => e.cause).join(',')}`,
  );

/** Every population of a bundle as its checks see it (stitched across the chain): scope, event key and data. */
function populations(out: CollectOutcome): Record<string, string[]> {
  const run = out.run;
  const view = stitch(run, out.bundle.dir, [join(out.bundle.dir, '..')]);
  const res: Record<string, string[]> = {};
  for (const type of [...new Set((run.populations ?? []).map((e) => e.type))]) {
    const rows: string[] = [];
    // What a check sees: the records of complete scopes only.
    const complete = new Set(view.states.filter((x) => x.type === type && x.state === 'complete').map((x) => x.scope));
    view.stream(
      type,
      (r) => complete.has(r.scope) && rows.push(`${r.scope} ${eventKey(policyOf(type), r.data as Record<string, unknown>)} ${JSON.stringify(r.data)}`),
    );
    res[type] = rows.sort();
  }
  return res;
}

describe('incremental collection equals a full re-read', () => {
  let sandbox: Sandbox;
  let clock = FIRST;
  const runs: Record<'incremental' | 'full', CollectOutcome[]> = { incremental: [], full: [] };

  beforeAll(async () => {
    const dir = scenario();
    sandbox = await startSandbox(loadScenario(dir), { now: () => new Date(clock) });
    for (const mode of ['incremental', 'full'] as const) {
      const s = await setup({}, { demo: true, demoConfig: join(dir, 'soc2.config.yaml'), evidenceDir: join(dir, `evidence-${mode}`), offline: false });
      const endpoints = pointAtSandbox(s.loaded, sandbox);
      for (let d = 0; d < DAYS; d++) {
        clock = FIRST + d * DAY;
        const deny: FaultSpec = {
          provider: 'aws',
          operation: 'cloudtrail:LookupEvents',
          kind: 'deny',
          match: { account: '222222222222', region: 'us-east-1' },
        };
        if (d === DENIED_DAY) sandbox.faults.add(deny);
        runs[mode].push(
          await collect({
            loaded: s.loaded,
            controlMap: s.controlMap,
            registry: s.registry,
            evidenceDir: s.evidenceDir,
            asOf: new Date(clock),
            sandbox: true,
            toolVersion: '0.0.0-test',
            progress: { start() {}, update() {}, end() {} },
            signal: new AbortController().signal,
            endpoints,
            full: mode === 'full',
          }),
        );
        // Why mutate: the fault engine keeps the spec; no call matches an empty list, so the fault is over.
        deny.calls = [];
      }
    }
  }, 240_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it('gives the same verdicts and the same populations on each of 8 days', () => {
    for (let d = 0; d < DAYS; d++) {
      const inc = runs.incremental[d]!;
      const full = runs.full[d]!;
      expect(verdicts(inc.results), `day ${d + 1}`).toEqual(verdicts(full.results));
      expect(populations(inc), `day ${d + 1}`).toEqual(populations(full));
    }
    // The new events were seen: dave's sign-in without MFA fails from day 3 on, and the PR population grew by one.
    const mfa = (r: Results) =>
      r.checks.find((c) => c.check === 'aws.cloudtrail.console-logins-without-mfa')!.findings.filter((f) => f.status === 'fail').length;
    expect(mfa(runs.incremental[DAYS - 1]!.results)).toBe(mfa(runs.incremental[0]!.results) + 1);
    expect(populations(runs.incremental[DAYS - 1]!)['github.pr.merged']!.length).toBe(populations(runs.incremental[0]!)['github.pr.merged']!.length + 1);
  });

  it('continues past a day whose scope failed from the last bundle that had it complete', () => {
    const state = (o: CollectOutcome) => o.run.coverage.scopes.find((x) => x.type === 'aws.cloudtrail.event' && x.scope === DENIED_SCOPE)!.state;
    expect(state(runs.incremental[DENIED_DAY]!)).toBe('error');
    const next = runs.incremental[DENIED_DAY + 1]!.run.populations!.find((e) => e.type === 'aws.cloudtrail.event' && e.scope === DENIED_SCOPE)!;
    expect(next.base?.bundle).toBe(runs.incremental[DENIED_DAY - 1]!.bundle.name);
    expect(next.from).toBe(new Date(FIRST + (DENIED_DAY - 1) * DAY - 15 * 60_000).toISOString());
  });

  it('reads each event once: later incremental bundles hold their own day only, full ones the whole window', () => {
    const ct = (o: CollectOutcome) => o.run.coverage.scopes.filter((s) => s.type === 'aws.cloudtrail.event').reduce((n, s) => n + s.count, 0);
    const total = runs.incremental.reduce((n, o) => n + ct(o), 0);
    // carol's sign-in 10 minutes before day 4's as-of lies in day 5's 15-minute overlap: stored twice, counted once.
    expect(total).toBe(ct(runs.full[DAYS - 1]!) + 1);
    expect(populations(runs.incremental[DAYS - 1]!)['aws.cloudtrail.event']).toHaveLength(ct(runs.full[DAYS - 1]!));
    expect(runs.incremental.slice(1).every((o) => o.run.populations!.every((e) => e.how === 'incremental'))).toBe(true);
    expect(runs.full.every((o) => o.run.populations!.every((e) => e.how === 'full' && e.reason === '--full'))).toBe(true);
  });
});
