import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../bundle/bagit.js';
import { makeEvidence } from './testing.js';
import { checkBagitTxt, parseManifest } from '../bundle/verify.js';

const hash = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

let ev: Awaited<ReturnType<typeof makeEvidence>>;
let bag: string;
beforeAll(async () => {
  ev = await makeEvidence(2);
  bag = ev.sealed[1]!.dir;
});
afterAll(async () => {
  await rm(ev.root, { recursive: true, force: true });
});

// The rules of RFC 8493 (BagIt 1.0), checked here independently of our own verifier.
describe('a sealed bundle is a valid BagIt 1.0 bag', () => {
  it('§2.1.1 bagit.txt is exactly the version line and the encoding line', () => {
    expect(readFileSync(join(bag, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  });

  it('§2.1 the base directory holds only tag files and the data/ payload directory', () => {
    expect(readdirSync(bag).sort()).toEqual(['bag-info.txt', 'bagit.txt', 'data', 'manifest-sha256.txt', 'tagmanifest-sha256.txt']);
  });

  it('§2.1.3 the payload manifest lists every payload file once as "<lowercase sha256>  data/<path>", with the right digest', async () => {
    const lines = readFileSync(join(bag, 'manifest-sha256.txt'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const listed = lines.map((l) => {
      const m = /^([0-9a-f]{64}) {2}(data\/\S.*)$/.exec(l);
      expect(m, l).not.toBeNull();
      expect(m![1]).toBe(hash(join(bag, m![2]!)));
      return m![2];
    });
    expect(listed).toEqual(await listFiles(join(bag, 'data'), bag));
  });

  it('§2.2.1 the tag manifest covers bagit.txt, bag-info.txt and manifest-sha256.txt (not itself)', () => {
    const lines = readFileSync(join(bag, 'tagmanifest-sha256.txt'), 'utf8').split('\n').filter(Boolean);
    expect(lines.map((l) => l.slice(66))).toEqual(['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt']);
    for (const l of lines) expect(l).toBe(`${hash(join(bag, l.slice(66)))}  ${l.slice(66)}`);
  });

  it('§2.2.2 bag-info.txt is "Label: value" lines with a correct Payload-Oxum and Bagging-Date', async () => {
    const lines = readFileSync(join(bag, 'bag-info.txt'), 'utf8').split('\n').filter(Boolean);
    for (const l of lines) expect(l).toMatch(/^[^\s:][^:]*: \S/);
    const info = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)] as const));
    const files = await listFiles(join(bag, 'data'), bag);
    const bytes = files.reduce((n, f) => n + readFileSync(join(bag, f)).length, 0);
    expect(info.get('Payload-Oxum')).toBe(`${bytes}.${files.length}`);
    expect(info.get('Bagging-Date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(info.get('Soc2-Previous-Bundle')).toBe(`${ev.sealed[0]!.name} sha256:${hash(join(ev.sealed[0]!.dir, 'tagmanifest-sha256.txt'))}`);
  });
});

describe('our RFC checks reject what the RFC rejects', () => {
  it('bagit.txt with a wrong version, encoding or extra line', () => {
    expect(checkBagitTxt('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n')).toEqual([]);
    expect(checkBagitTxt('BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n')).toHaveLength(1);
    expect(checkBagitTxt('BagIt-Version: 1.0\nTag-File-Character-Encoding: Latin-1\nX: y\n')).toHaveLength(2);
  });

  it('manifest lines without a digest, with a short digest, escaping the bag, duplicated or unterminated', () => {
    const problems: string[] = [];
    const d = 'a'.repeat(64);
    const out = parseManifest(
      `${d}  data/a\nnot a line\n${'b'.repeat(63)}  data/b\n${d}  ../etc/passwd\n${d}  data/a\n${d}  data/c%0Ad`,
      'manifest-sha256.txt',
      (_k, _f, m) => problems.push(m),
    );
    expect(out).toEqual([
      ['data/a', d],
      ['data/c\nd', d],
    ]);
    expect(problems).toEqual([
      'does not end with a newline',
      'line 2 is not "<sha256 hex>  <path>": "not a line"',
      `line 3 is not "<sha256 hex>  <path>": "${'b'.repeat(63)}  data/b"`,
      'line 4: path ../etc/passwd escapes the bag',
      'line 5: data/a listed twice',
    ]);
  });
});
