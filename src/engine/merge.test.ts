import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ControlMap } from '../config/control-map.js';
import { ScopeTracker } from './evidence.js';
import { slimCheck } from './results-file.js';
import { scoreBundle } from './run.js';
import { verifyBundle } from '../bundle/verify.js';
import type { Check, CollectorEvent, StoredRecord } from '../types.js';
import { listBundles } from '../bundle/layout.js';
import { mergeShards, MergeError, type MergedRunInfo } from './merge.js';
import { readBundle, type RunInfo } from '../bundle/reader.js';
import { BundleWriter } from '../bundle/writer.js';

const ASOF = '2026-11-22T13:10:00.000Z';
const mfa: Check = {
  meta: { id: 'test.users.mfa', title: 'Users have MFA', failureTitle: 'User without MFA', requires: ['test.user'], remediation: 'Enrol a factor.' },
  evaluate: (view) => ({
    findings: (view.records('test.user') as StoredRecord<{ name: string; mfa: boolean }>[]).map((r) => ({
      status: r.data.mfa ? 'pass' : 'fail',
      resource: `test:${r.data.name}`,
      reason: r.data.mfa ? 'MFA enrolled' : 'no MFA: enrol a factor',
      evidence: r.ref,
      scope: r.scope,
    })),
  }),
};
const map: ControlMap = {
  controls: [
    {
      id: 'MFA-01',
      title: 'MFA for everyone',
      criteria: ['CC6.1'],
      severity: 'high',
      owner: 'sec@example.com',
      checks: [{ id: mfa.meta.id, check: mfa, params: {} }],
      evidence: [],
      origin: 'test:1',
    },
  ],
  files: [],
  digest: 'map-digest',
};
const loaded = { config: { exceptions: [] } } as unknown as Parameters<typeof scoreBundle>[2];

interface ShardSpec {
  index: number;
  count: number;
  users: Record<string, Array<{ name: string; mfa: boolean }>>;
  raw?: Record<string, string>;
  facts?: Record<string, unknown>;
  asOf?: string;
  shard?: boolean;
}

/** Seals a bundle the way `collect --shard i/n` does: records, raw files, coverage, run.json with `shard`. */
async function writeShard(dir: string, s: ShardSpec) {
  const asOf = new Date(s.asOf ?? ASOF);
  const w = await BundleWriter.create(dir, { asOf, toolVersion: '0.0.0-test', source: 'sandbox', organization: 'Test Org' });
  const tracker = new ScopeTracker();
  const source = { operation: 'ListUsers', fetchedAt: ASOF };
  for (const [scope, users] of Object.entries(s.users)) {
    const events: CollectorEvent[] = [
      { kind: 'plan', type: 'test.user', scope },
      ...users.map((data) => ({ kind: 'record' as const, type: 'test.user', scope, source, data })),
      { kind: 'done', type: 'test.user', scope },
    ];
    for (const ev of events) {
      tracker.add(ev);
      if (ev.kind === 'record') w.appendRecord(ev.type, { scope: ev.scope, source: ev.source, data: ev.data });
    }
  }
  for (const [rel, body] of Object.entries(s.raw ?? {})) await w.writeData(`raw/${rel}`, body);
  const users = Object.values(s.users).flat().length;
  const run: RunInfo = {
    tool: { name: 'soc2', version: '0.0.0-test' },
    organization: 'Test Org',
    asOf: asOf.toISOString(),
    period: { start: '2026-09-01', end: '2026-11-30' },
    source: 'sandbox',
    configDigest: 'cfg',
    controlMapDigest: 'map-digest',
    controlMapFiles: [],
    categories: ['security'],
    endpoints: { test: 'http://127.0.0.1:1' },
    facts: s.facts ?? {},
    ...(s.shard === false ? {} : { shard: { index: s.index, count: s.count } }),
    collectedTypes: ['test.user'],
    coverage: {
      collectors: {
        'test.users': {
          source: 'test',
          scopesPlanned: Object.keys(s.users).length,
          scopesCollected: Object.keys(s.users).length,
          scopesFailed: 0,
          records: users,
          pages: { ListUsers: 1 },
          retries: s.index,
          durationMs: 10 * s.index,
        },
      },
      scopes: tracker.list(),
    },
    startedAt: ASOF,
    finishedAt: ASOF,
  };
  await w.flushRecords();
  await w.writeJson('run.json', run);
  await w.writeJson('results.json', scoreBundle(run, w.staging, loaded, map));
  await w.writeData('report.md', 'shard\n');
  return w.seal();
}

const SPECS: ShardSpec[] = [
  {
    index: 1,
    count: 3,
    users: {
      'org-a': [
        { name: 'ann', mfa: true },
        { name: 'bob', mfa: false },
      ],
    },
    raw: { 'test.users/org/ListOrgs.json': '{"same":true}\n', 'test.users/org/Clock.json': '{"t":1}\n' },
    facts: { 'test.org': 'acme', 'test.waits': 1 },
  },
  {
    index: 2,
    count: 3,
    users: { 'org-b': [{ name: 'cat', mfa: true }] },
    raw: { 'test.users/org/ListOrgs.json': '{"same":true}\n', 'test.users/org/Clock.json': '{"t":2}\n' },
    facts: { 'test.org': 'acme', 'test.waits': 2 },
  },
  { index: 3, count: 3, users: { 'org-c': [{ name: 'dan', mfa: false }], 'org-d': [] } },
];

async function shardSet(specs = SPECS): Promise<{ root: string; dirs: string[] }> {
  const root = mkdtempSync(join(tmpdir(), 'soc2-merge-'));
  const dirs: string[] = [];
  for (const s of specs) dirs.push((await writeShard(join(root, 'shards', String(s.index)), s)).dir);
  return { root, dirs };
}

async function mergeError(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MergeError);
  return (err as Error).message;
}

describe('mergeShards', () => {
  it('seals one intact bundle with records shard by shard, united raw files, merged coverage and facts', async () => {
    const { root, dirs } = await shardSet();
    const evidence = join(root, 'evidence');
    const { bundle, results } = await mergeShards({ shards: [...dirs].reverse(), evidenceDir: evidence, loaded, controlMap: map, toolVersion: '9.9.9' });
    expect((await verifyBundle(bundle.dir)).problems).toEqual([]);
    const lines = readFileSync(join(bundle.dir, 'data/records/test.user.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { data: { name: string } }).data.name);
    expect(lines).toEqual(['ann', 'bob', 'cat', 'dan']);
    expect(readFileSync(join(bundle.dir, 'data/raw/test.users/org/ListOrgs.json'), 'utf8')).toBe('{"same":true}\n');
    expect(readFileSync(join(bundle.dir, 'data/raw/test.users/org/Clock.json'), 'utf8')).toBe('{"t":1}\n');
    expect(readFileSync(join(bundle.dir, 'data/raw/test.users/org/Clock.shard-2.json'), 'utf8')).toBe('{"t":2}\n');
    const stored = readBundle(bundle.dir).run as MergedRunInfo;
    expect(stored.shard).toBeUndefined();
    expect(stored.asOf).toBe(ASOF);
    expect(stored.coverage.scopes.map((s) => `${s.scope}:${s.state}:${s.count}`)).toEqual([
      'org-a:complete:2',
      'org-b:complete:1',
      'org-c:complete:1',
      'org-d:complete:0',
    ]);
    expect(stored.coverage.collectors['test.users']).toMatchObject({ scopesPlanned: 4, records: 4, retries: 6, durationMs: 30, pages: { ListUsers: 3 } });
    expect(stored.facts).toEqual({ 'test.org': 'acme', 'test.waits': { byShard: { 1: 1, 2: 2 } } });
    expect(stored.mergedFrom.map((m) => m.index)).toEqual([1, 2, 3]);
    expect(readFileSync(join(bundle.dir, 'bag-info.txt'), 'utf8')).toContain('Soc2-Tool-Version: 9.9.9');
    expect(results.checks[0]!.findings.filter((f) => f.status === 'fail').map((f) => f.resource)).toEqual(['test:bob', 'test:dan']);
    // The stored results hold every finding; the returned ones keep the failing and excepted ones.
    const full = JSON.parse(readFileSync(join(bundle.dir, 'data/results.json'), 'utf8')) as typeof results;
    expect({ ...full, checks: full.checks.map(slimCheck) }).toEqual(results);
    expect(full.checks[0]!.findings.length).toBeGreaterThan(results.checks[0]!.findings.length);
  });

  it('gives the results of one unsharded run over the same records', async () => {
    const { root, dirs } = await shardSet();
    const merged = await mergeShards({ shards: dirs, evidenceDir: join(root, 'evidence'), loaded, controlMap: map, toolVersion: '0.0.0-test' });
    const whole = await writeShard(join(root, 'whole'), { index: 1, count: 1, shard: false, users: Object.assign({}, ...SPECS.map((s) => s.users)) });
    expect(readBundle(merged.bundle.dir).results).toEqual(readBundle(whole.dir).results);
  });

  it('links the merged bundle into the evidence chain after the latest bundle there', async () => {
    const { root, dirs } = await shardSet();
    const evidence = join(root, 'evidence');
    const earlier = await writeShard(evidence, { index: 1, count: 1, shard: false, users: { 'org-a': [] }, asOf: '2026-11-21T13:10:00.000Z' });
    const { bundle } = await mergeShards({ shards: dirs, evidenceDir: evidence, loaded, controlMap: map, toolVersion: '0.0.0-test' });
    expect(bundle.previous).toEqual({ name: earlier.name, digest: earlier.digest });
    expect((await listBundles(evidence)).map((b) => b.name)).toEqual([earlier.name, bundle.name]);
  });

  it('refuses to write into the directory that holds the shard bundles', async () => {
    const { root, dirs } = await shardSet();
    const msg = await mergeError(mergeShards({ shards: dirs, evidenceDir: join(root, 'shards', '2'), loaded, controlMap: map, toolVersion: '0' }));
    expect(msg).toContain(`${dirs[1]}: the shard bundle is inside`);
    expect(await listBundles(join(root, 'shards', '2'))).toHaveLength(1);
  });

  it('names the offending bundle: missing shard, duplicate shard, other asOf, not a shard, tampered, scope twice', async () => {
    const { root, dirs } = await shardSet();
    const ev = join(root, 'evidence');
    const run = (shards: string[]) => mergeShards({ shards, evidenceDir: ev, loaded, controlMap: map, toolVersion: '0' });
    expect(await mergeError(run(dirs.slice(0, 2)))).toBe('shard 3 of 3 missing: a merged bundle needs every shard of the run');
    expect(await mergeError(run([dirs[0]!, dirs[0]!, dirs[2]!]))).toMatch(/are both shard 1\/3$/);
    const late = (await writeShard(join(root, 'late'), { ...SPECS[1]!, asOf: '2026-11-22T14:00:00.000Z' })).dir;
    expect(await mergeError(run([dirs[0]!, late, dirs[2]!]))).toContain(`${late}: asOf "2026-11-22T14:00:00.000Z" differs from ${dirs[0]}`);
    const plain = (await writeShard(join(root, 'plain'), { ...SPECS[1]!, shard: false })).dir;
    expect(await mergeError(run([dirs[0]!, plain, dirs[2]!]))).toContain(`${plain}: not a shard bundle`);
    const twice = (await writeShard(join(root, 'twice'), { ...SPECS[1]!, users: { 'org-b': [], 'org-a': [] } })).dir;
    expect(await mergeError(run([dirs[0]!, twice, dirs[2]!]))).toContain(`${twice}: test.user for scope org-a was also collected by shard 1`);
    writeFileSync(join(dirs[2]!, 'data/records/test.user.jsonl'), '{"scope":"org-c","data":{"name":"dan","mfa":true}}\n');
    expect(await mergeError(run(dirs))).toContain(`${dirs[2]}: not intact`);
    expect(await mergeError(run([join(root, 'nope')]))).toContain('not a sealed soc2 bundle');
    // Nothing was sealed and no staging directory is left behind.
    expect(await listBundles(ev)).toEqual([]);
    expect(existsSync(ev) ? readdirSync(ev).filter((n) => n.startsWith('.staging-')) : []).toEqual([]);
  });
});
