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
  b = await writeSyntheticBundle(dir, new Date('2026-06-01T12:00:00Z'), [{ id: 'AC-01', status: 'pass' }], [
    { kind: 'plan', type: 'okta.user', scope: 'acme.okta.com' },
    { kind: 'record', type: 'okta.user', scope: 'acme.okta.com', source: { operation: 'test', fetchedAt: '2026-06-01T00:00:00Z' }, data: { login: 'a' } },
    { kind: 'done', type: 'okta.user', scope: 'acme.okta.com' },
  ]);
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
    ]);
  });

  it('names an altered record file, a missing file and an unlisted one', async () => {
    await appendFile(join(b.dir, 'data/records/okta.user.jsonl'), '{"scope":"acme.okta.com","data":{"login":"ghost"}}\n');
    await unlink(join(b.dir, 'data/report.md'));
    await writeFile(join(b.dir, 'data/extra.json'), '{}');
    const r = await checkManifest(b.dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      'data/records/okta.user.jsonl: digest differs from the manifest',
      'data/report.md: missing',
      'data/extra.json: not listed in manifest-sha256.txt',
    ]);
  });

  it('catches a rewritten payload manifest through the tag manifest', async () => {
    await appendFile(join(b.dir, 'manifest-sha256.txt'), `${'0'.repeat(64)}  data/extra.json\n`);
    expect((await checkManifest(b.dir)).problems).toEqual(['manifest-sha256.txt: digest differs from the manifest', 'data/extra.json: missing']);
  });

  it('rejects a bundle without manifests and paths that leave the bundle', async () => {
    await writeFile(join(b.dir, 'manifest-sha256.txt'), `${'0'.repeat(64)}  ../outside\n`);
    await unlink(join(b.dir, 'tagmanifest-sha256.txt'));
    expect((await checkManifest(b.dir)).problems).toEqual([
      'tagmanifest-sha256.txt: missing',
      '../outside: path escapes the bundle',
      'data/records/okta.user.jsonl: not listed in manifest-sha256.txt',
      'data/report.md: not listed in manifest-sha256.txt',
      'data/results.json: not listed in manifest-sha256.txt',
      'data/run.json: not listed in manifest-sha256.txt',
      'manifest-sha256.txt: not covered by tagmanifest-sha256.txt',
    ]);
  });
});
