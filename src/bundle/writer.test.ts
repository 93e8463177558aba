import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticBundle } from '../../test/helpers/bundles.js';
import { bundleDigest, parseTagFile, sha256 } from './bagit.js';
import { listBundles } from './layout.js';
import { readBundle } from './reader.js';
import { BundleWriter } from './writer.js';

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 13, 10, 0));

describe('BundleWriter', () => {
  it('seals a BagIt bag whose manifests cover every file and whose name is the UTC time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-bundle-'));
    const b = await writeSyntheticBundle(
      dir,
      day(22),
      [{ id: 'C1', status: 'pass' }],
      [
        { kind: 'plan', type: 't.key', scope: 'a' },
        { kind: 'record', type: 't.key', scope: 'a', source: { operation: 'x', fetchedAt: '2026-11-22T13:10:00Z' }, data: { arn: 'arn:1' } },
        { kind: 'done', type: 't.key', scope: 'a' },
      ],
    );
    expect(b.name).toBe('2026-11-22T131000Z');
    expect(readFileSync(join(b.dir, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const manifest = readFileSync(join(b.dir, 'manifest-sha256.txt'), 'utf8').trim().split('\n');
    expect(manifest.map((l) => l.split('  ')[1])).toEqual(['data/records/t.key.jsonl', 'data/report.md', 'data/results.json', 'data/run.json']);
    for (const line of manifest) {
      const [digest, path] = line.split('  ');
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
      expect(sha256(readFileSync(join(b.dir, path!)))).toBe(digest);
    }
    const tag = readFileSync(join(b.dir, 'tagmanifest-sha256.txt'), 'utf8');
    expect(
      tag
        .trim()
        .split('\n')
        .map((l) => l.split('  ')[1]),
    ).toEqual(['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt']);
    const info = parseTagFile(readFileSync(join(b.dir, 'bag-info.txt'), 'utf8'));
    const bytes = manifest.reduce((n, l) => n + readFileSync(join(b.dir, l.split('  ')[1]!)).length, 0);
    expect(info.get('Payload-Oxum')).toBe(`${bytes}.4`);
    expect(info.get('Soc2-Previous-Bundle')).toBe('none');
    expect(readBundle(b.dir).view().records('t.key')[0]).toMatchObject({ scope: 'a', ref: 'data/records/t.key.jsonl#L1' });
  });

  it('links each bundle to the digest of the one before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-chain-'));
    const first = await writeSyntheticBundle(dir, day(20), [{ id: 'C1', status: 'pass' }]);
    const second = await writeSyntheticBundle(dir, day(21), [{ id: 'C1', status: 'fail' }]);
    const info = parseTagFile(readFileSync(join(second.dir, 'bag-info.txt'), 'utf8'));
    expect(info.get('Soc2-Previous-Bundle')).toBe(`${first.name} sha256:${await bundleDigest(first.dir)}`);
    expect(second.previous).toEqual({ name: first.name, digest: first.digest });
  });

  it('keeps the chain linear when runs seal at the same time, and never overwrites a bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-race-'));
    const sealed = await Promise.all([1, 2, 3, 4].map(() => writeSyntheticBundle(dir, day(22), [{ id: 'C1', status: 'pass' }])));
    const names = (await listBundles(dir)).map((b) => b.name);
    expect(names).toHaveLength(4);
    expect(new Set(sealed.map((s) => s.name)).size).toBe(4);
    const prevs = sealed.map((s) => s.previous?.name ?? 'none').sort();
    expect(prevs).toEqual(['none', ...names.slice(0, 3)].sort());
  });

  it('leaves only a staging directory (never listed as a bundle) when a run is abandoned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-abandon-'));
    const w = await BundleWriter.create(dir, { asOf: day(22), toolVersion: 't', source: 'sandbox', organization: 'T' });
    w.appendRecord('t.key', { scope: 'a', data: {} });
    expect(readdirSync(dir).some((n) => n.startsWith('.staging-'))).toBe(true);
    expect(await listBundles(dir)).toEqual([]);
    await w.abandon();
    expect(existsSync(w.staging)).toBe(false);
  });

  it('names a bundle sealed out of order after its predecessor, so names keep the chain order, and records both times', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-order-'));
    const later = await writeSyntheticBundle(dir, day(22), [{ id: 'C1', status: 'pass' }]);
    const back1 = await writeSyntheticBundle(dir, day(20), [{ id: 'C1', status: 'pass' }], [], { backfill: true });
    const back2 = await writeSyntheticBundle(dir, day(19), [{ id: 'C1', status: 'pass' }], [], { backfill: true });
    expect([later.name, back1.name, back2.name]).toEqual(['2026-11-22T131000Z', '2026-11-22T131000Z-1', '2026-11-22T131000Z-2']);
    // Every one is a listed bundle, in the order sealed, each linking to the one before.
    expect((await listBundles(dir)).map((b) => b.name)).toEqual([later.name, back1.name, back2.name]);
    expect(back2.previous?.name).toBe(back1.name);
    const info = parseTagFile(readFileSync(join(back1.dir, 'bag-info.txt'), 'utf8'));
    expect(info.get('Soc2-As-Of')).toBe('2026-11-20T13:10:00.000Z');
    expect(info.get('Soc2-Backfill')).toBe('true');
    expect(Number.isNaN(Date.parse(info.get('Soc2-Collected-At') ?? ''))).toBe(false);
    expect(parseTagFile(readFileSync(join(later.dir, 'bag-info.txt'), 'utf8')).has('Soc2-Backfill')).toBe(false);
  });
});
