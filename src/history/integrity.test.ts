import { appendFile, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSyntheticBundle } from '../../test/helpers/bundles.js';
import type { SealedBundle } from '../bundle/writer.js';
import { checkManifest } from './integrity.js';

let dir: string;
let b: SealedBundle;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soc2-integrity-'));
  b = await writeSyntheticBundle(
    dir,
    new Date('2026-06-01T12:00:00Z'),
    [{ id: 'AC-01', status: 'pass' }],
    [
      { kind: 'plan', type: 'okta.user', scope: 'acme.okta.com' },
      { kind: 'record', type: 'okta.user', scope: 'acme.okta.com', source: { operation: 'test', fetchedAt: '2026-06-01T00:00:00Z' }, data: { login: 'a' } },
      { kind: 'done', type: 'okta.user', scope: 'acme.okta.com' },
    ],
  );
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkManifest', () => {
  it('accepts a sealed bundle and returns the verified digests', async () => {
    const r = await checkManifest(b.dir);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect([...r.digests.keys()].sort()).toEqual([
      'bag-info.txt',
      'bagit.txt',
      'data/records/okta.user.jsonl',
      'data/report.md',
      'data/results.json',
      'data/run.json',
      'manifest-sha256.txt',
      'tagmanifest-sha256.txt',
    ]);
  });

  it('names an altered record file, a missing file and an unlisted one', async () => {
    await appendFile(join(b.dir, 'data/records/okta.user.jsonl'), '{"scope":"acme.okta.com","data":{"login":"ghost"}}\n');
    await unlink(join(b.dir, 'data/report.md'));
    await writeFile(join(b.dir, 'data/extra.json'), '{}');
    const r = await checkManifest(b.dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      'data/records/okta.user.jsonl: sha256 differs from manifest-sha256.txt (changed after sealing)',
      'data/report.md: listed in manifest-sha256.txt but not present',
      'data/extra.json: not listed in manifest-sha256.txt (added after sealing)',
      expect.stringMatching(/^bag-info\.txt: Payload-Oxum is \d+\.4 but the payload is \d+\.4 \(bytes\.files\)$/),
    ]);
    expect(r.digests.has('data/records/okta.user.jsonl')).toBe(false);
  });

  it('catches a rewritten payload manifest through the tag manifest', async () => {
    await appendFile(join(b.dir, 'manifest-sha256.txt'), `${'0'.repeat(64)}  data/extra.json\n`);
    expect((await checkManifest(b.dir)).problems).toEqual([
      'manifest-sha256.txt: sha256 differs from tagmanifest-sha256.txt (changed after sealing)',
      'data/extra.json: listed in manifest-sha256.txt but not present',
    ]);
  });

  it('rejects a bundle without manifests and paths that leave the bundle', async () => {
    await writeFile(join(b.dir, 'manifest-sha256.txt'), `${'0'.repeat(64)}  ../outside\n`);
    await unlink(join(b.dir, 'tagmanifest-sha256.txt'));
    expect((await checkManifest(b.dir)).problems).toEqual([
      'tagmanifest-sha256.txt: tag file is missing',
      'manifest-sha256.txt: line 1: path ../outside escapes the bag',
      'data/records/okta.user.jsonl: not listed in manifest-sha256.txt (added after sealing)',
      'data/report.md: not listed in manifest-sha256.txt (added after sealing)',
      'data/results.json: not listed in manifest-sha256.txt (added after sealing)',
      'data/run.json: not listed in manifest-sha256.txt (added after sealing)',
    ]);
  });
});
