import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTagFile, listFiles, manifestFor, parseTagFile, sha256 } from '../bundle/bagit.js';
import type { Problem } from '../util/problems.js';
import { makeEvidence } from './testing.js';
import { verifyPath } from './verify.js';

let template: Awaited<ReturnType<typeof makeEvidence>>;
let work: string;
let names: string[];
beforeAll(async () => {
  template = await makeEvidence(4);
  names = template.sealed.map((s) => s.name);
  work = await mkdtemp(join(tmpdir(), 'soc2-verify-test-'));
});
afterAll(async () => {
  await rm(template.root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

let n = 0;
/** A fresh copy of the 4-day evidence directory. */
function copy(): string {
  const dir = join(work, `e${n++}`);
  cpSync(template.evidence, dir, { recursive: true });
  return dir;
}

const brief = (ps: Problem[]): string[] => ps.map((p) => `${p.kind} ${p.bundle ?? ''}/${p.file ?? ''}`);

/** Re-seals a bundle's manifests after an edit, as a forger who knows the format would. */
async function reseal(dir: string, bagInfoEdit?: (m: Map<string, string>) => void): Promise<void> {
  const payload = await listFiles(join(dir, 'data'), dir);
  const m = await manifestFor(dir, payload);
  writeFileSync(join(dir, 'manifest-sha256.txt'), m.text);
  const info = parseTagFile(readFileSync(join(dir, 'bag-info.txt'), 'utf8'));
  info.set('Payload-Oxum', `${m.bytes}.${payload.length}`);
  bagInfoEdit?.(info);
  writeFileSync(join(dir, 'bag-info.txt'), formatTagFile([...info]));
  const tag = ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt'].map((f) => `${sha256(readFileSync(join(dir, f)))}  ${f}\n`).join('');
  writeFileSync(join(dir, 'tagmanifest-sha256.txt'), tag);
}

describe('verify an evidence directory', () => {
  it('is sound as sealed: every bundle, every link, exit 0', async () => {
    const dir = copy();
    const r = await verifyPath(dir);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, target: 'evidence-dir', chain: { links: 3, start: { bundle: names[0], previous: null } } });
    expect(r.bundles.map((b) => b.name)).toEqual(names);
  });

  it('names a record with one flipped byte as altered (exit 4)', async () => {
    const dir = copy();
    const f = join(dir, names[1]!, 'data/records/aws.iam.user.jsonl');
    const buf = readFileSync(f);
    buf[5] = buf[5]! ^ 0x01;
    writeFileSync(f, buf);
    const r = await verifyPath(dir);
    expect(brief(r.problems)).toEqual([`altered ${names[1]}/data/records/aws.iam.user.jsonl`]);
  });

  it('names a deleted file as missing and an added file as extra', async () => {
    const dir = copy();
    rmSync(join(dir, names[2]!, 'data/report.md'));
    writeFileSync(join(dir, names[0]!, 'data/records/planted.jsonl'), '{}\n');
    writeFileSync(join(dir, names[3]!, 'notes.txt'), 'hello');
    const r = await verifyPath(dir);
    expect(brief(r.problems).sort()).toEqual(
      [
        `extra ${names[0]}/data/records/planted.jsonl`,
        `oxum ${names[0]}/bag-info.txt`,
        `missing ${names[2]}/data/report.md`,
        `oxum ${names[2]}/bag-info.txt`,
        `extra ${names[3]}/notes.txt`,
      ].sort(),
    );
  });

  it('catches an edited bag-info.txt through the tag manifest', async () => {
    const dir = copy();
    const f = join(dir, names[1]!, 'bag-info.txt');
    writeFileSync(f, readFileSync(f, 'utf8').replace('Soc2-Source: sandbox', 'Soc2-Source: live'));
    const r = await verifyPath(dir);
    expect(brief(r.problems)).toEqual([`altered ${names[1]}/bag-info.txt`]);
  });

  it('reports a bundle removed from the middle of the chain as a gap, naming it', async () => {
    const dir = copy();
    rmSync(join(dir, names[1]!), { recursive: true });
    const r = await verifyPath(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'gap', bundle: names[1], message: expect.stringContaining(names[2]!) })]);
  });

  it("reports a consistently re-sealed bundle as a rewrite, through the next bundle's link", async () => {
    const dir = copy();
    const b = join(dir, names[1]!);
    appendFileSync(join(b, 'data/records/aws.iam.user.jsonl'), '{"scope":"x","data":{"UserName":"mallory"}}\n');
    await reseal(b);
    const r = await verifyPath(dir);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'rewrite', bundle: names[1], file: 'tagmanifest-sha256.txt' })]);
  });

  it('checks Payload-Oxum against the payload', async () => {
    const dir = copy();
    await reseal(join(dir, names[3]!), (m) => m.set('Payload-Oxum', '1.1'));
    const r = await verifyPath(dir);
    expect(brief(r.problems)).toEqual([`oxum ${names[3]}/bag-info.txt`]);
  });

  it('flags a bundle that claims a new chain in the middle, and a missing tag manifest', async () => {
    const dir = copy();
    await reseal(join(dir, names[2]!), (m) => m.set('Soc2-Previous-Bundle', 'none'));
    rmSync(join(dir, names[0]!, 'tagmanifest-sha256.txt'));
    const r = await verifyPath(dir);
    expect(brief(r.problems).sort()).toEqual(
      [`missing ${names[0]}/tagmanifest-sha256.txt`, `gap ${names[2]}/`, `rewrite ${names[2]}/tagmanifest-sha256.txt`].sort(),
    );
  });

  it('verifies one bundle directory, checking its link to the predecessor beside it', async () => {
    const dir = copy();
    expect(await verifyPath(join(dir, names[2]!))).toMatchObject({ ok: true, target: 'bundle', chain: { links: 1 } });
    await reseal(join(dir, names[1]!), (m) => m.set('Soc2-Source', 'live'));
    const r = await verifyPath(join(dir, names[2]!));
    expect(brief(r.problems)).toEqual([`rewrite ${names[1]}/tagmanifest-sha256.txt`]);
  });
});
