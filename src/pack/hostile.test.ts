import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BundleReadError, forEachRecord, readBundle } from '../bundle/reader.js';
import { openVerifiedBundle } from '../bundle/open-verified.js';
import { formatProblem } from '../util/problems.js';
import { makeEvidence } from './testing.js';
import { extractZip } from './unzip.js';
import { verifyPath } from './verify.js';

let ev: Awaited<ReturnType<typeof makeEvidence>>;
beforeAll(async () => {
  ev = await makeEvidence(1);
});
afterEach(() => {
  delete process.env.SOC2_MAX_LINE_BYTES;
  delete process.env.SOC2_MAX_UNPACKED_BYTES;
});

/** A fresh copy of the sealed bundle, to damage. */
async function copy(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'soc2-hostile-')), ev.sealed[0]!.name);
  await cp(ev.sealed[0]!.dir, dir, { recursive: true });
  return dir;
}

const RECORDS = 'data/records/aws.cloudtrail.event.jsonl';
const mkfifo = (p: string) => execFileSync('mkfifo', [p]);

/** Runs fn and fails when it takes longer than `ms`: a hang would otherwise show as a test timeout. */
async function within<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const v = await fn();
  expect(Date.now() - t0).toBeLessThan(ms);
  return v;
}

describe('a bundle with something that is not a regular file inside', () => {
  it('verify names a records file replaced by a link to /dev/zero, and a FIFO, without reading them', async () => {
    const dir = await copy();
    unlinkSync(join(dir, RECORDS));
    symlinkSync('/dev/zero', join(dir, RECORDS));
    mkfifo(join(dir, 'data', 'pipe'));
    const r = await within(5_000, () => verifyPath(dir));
    expect(r.ok).toBe(false);
    const lines = r.problems.map(formatProblem);
    expect(lines).toContain(
      `unsafe    ${ev.sealed[0]!.name}/${RECORDS}: a symbolic link inside the bundle (not read; a sealed bundle holds only regular files)`,
    );
    expect(lines).toContain(`unsafe    ${ev.sealed[0]!.name}/data/pipe: a FIFO inside the bundle (not read; a sealed bundle holds only regular files)`);
  });

  it('verify names a symbolic link added to a sound bundle (exit 4, not ignored)', async () => {
    const dir = await copy();
    symlinkSync('/etc/passwd', join(dir, 'data', 'raw-link.json'));
    symlinkSync('/etc', join(dir, 'data', 'dir-link'));
    const r = await verifyPath(dir);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => `${p.kind} ${p.file}`)).toEqual(['unsafe data/dir-link', 'unsafe data/raw-link.json']);
  });

  it('check, populations and diff refuse it with exit 4 through openVerifiedBundle, naming the file', async () => {
    const dir = await copy();
    unlinkSync(join(dir, RECORDS));
    mkfifo(join(dir, RECORDS));
    const err = await within(5_000, () =>
      openVerifiedBundle(dir).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(err).toMatchObject({ code: 4 });
    expect((err as Error).message).toBe(`${dir}: fails verification (${(err as { details: string[] }).details.length} problems); refusing to read it`);
    expect((err as { details: string[] }).details).toContain(
      `  unsafe    ${RECORDS}: a FIFO inside the bundle (not read; a sealed bundle holds only regular files)`,
    );
    // A sound copy opens.
    expect((await openVerifiedBundle(await copy())).run.organization).toBe('Test Org');
  });

  it('the reader itself never follows a link, never blocks on a FIFO and bounds a line', async () => {
    const dir = await copy();
    const rel = RECORDS;
    unlinkSync(join(dir, rel));
    symlinkSync('/dev/zero', join(dir, rel));
    expect(() => forEachRecord(dir, 'aws.cloudtrail.event', () => undefined)).toThrow(BundleReadError);
    expect(() => forEachRecord(dir, 'aws.cloudtrail.event', () => undefined)).toThrow('a symbolic link (not followed');
    unlinkSync(join(dir, rel));
    mkfifo(join(dir, rel));
    expect(() => forEachRecord(dir, 'aws.cloudtrail.event', () => undefined)).toThrow('not a regular file');
    unlinkSync(join(dir, rel));
    // A 1 GB line (sparse: no disk used) ends at the line limit, not after reading a gigabyte.
    writeFileSync(join(dir, rel), '');
    truncateSync(join(dir, rel), 1024 ** 3);
    process.env.SOC2_MAX_LINE_BYTES = String(4 * 1024 * 1024);
    await within(5_000, async () =>
      expect(() => forEachRecord(dir, 'aws.cloudtrail.event', () => undefined)).toThrow(`${join(dir, rel)}:1: a line longer than ${4 * 1024 * 1024} bytes`),
    );
    unlinkSync(join(dir, 'data', 'run.json'));
    symlinkSync('/dev/zero', join(dir, 'data', 'run.json'));
    expect(() => readBundle(dir)).toThrow('run.json: a symbolic link');
  });

  it('verify does not hash a huge sparse file the bag does not account for', async () => {
    const dir = await copy();
    writeFileSync(join(dir, 'data', 'huge.bin'), '');
    truncateSync(join(dir, 'data', 'huge.bin'), 64 * 1024 ** 3);
    const r = await within(5_000, () => verifyPath(dir));
    expect(r.ok).toBe(false);
    expect(r.problems.map(formatProblem).join('\n')).toMatch(/oxum .*the payload was not hashed/);
  });
});

/** A zip written by hand (stored or deflated entries), so names and modes a zip tool would refuse can be made. */
function zip(entries: Array<{ name: string; data: Buffer; mode?: number; deflate?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('a malicious pack', () => {
  it('zip-slip names, absolute paths and symbolic links write nothing outside the target (exit 4)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'soc2-zipslip-'));
    const target = join(root, 'target');
    mkdirSync(target);
    const file = join(root, 'evil.zip');
    const outside = join(root, 'escaped.txt');
    writeFileSync(
      file,
      zip([
        { name: '../escaped.txt', data: Buffer.from('x') },
        { name: `${outside}`, data: Buffer.from('x') },
        { name: 'a/../../escaped.txt', data: Buffer.from('x') },
        { name: 'link', data: Buffer.from(root), mode: 0o120777 },
        { name: 'link/escaped.txt', data: Buffer.from('x') },
        { name: 'SHA256SUMS', data: Buffer.from('') },
      ]),
    );
    const problems = await extractZip(file, target);
    expect(existsSync(outside)).toBe(false);
    expect(readdirSync(root).sort()).toEqual(['evil.zip', 'target']);
    expect(problems.filter((p) => p.kind === 'unsafe').map((p) => p.file)).toEqual(['../escaped.txt', outside, 'a/../../escaped.txt', 'link']);
    // The link entry was not made a link: what sits at target/link is a folder of regular files.
    expect(readdirSync(join(target, 'link'))).toEqual(['escaped.txt']);
    const r = await verifyPath(file);
    expect(r.ok).toBe(false);
    expect(r.problems.filter((p) => p.kind === 'unsafe')).toHaveLength(4);
    rmSync(root, { recursive: true, force: true });
  });

  it('a zip bomb stops at the unpack budget in bounded time', async () => {
    const root = await mkdtemp(join(tmpdir(), 'soc2-zipbomb-'));
    const file = join(root, 'bomb.zip');
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    writeFileSync(file, zip([0, 1, 2, 3].map((i) => ({ name: `bundles/x/data/z${i}`, data: zeros, deflate: true }))));
    expect(readFileSync(file).length).toBeLessThan(200_000);
    process.env.SOC2_MAX_UNPACKED_BYTES = String(20 * 1024 * 1024);
    const r = await within(10_000, () => verifyPath(file));
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      { kind: 'unsafe', message: expect.stringMatching(/^the entries unpack to more than 20971520 bytes .*; extraction stopped \(a zip bomb\?\)$/) },
    ]);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('unsigned and stripped packs', () => {
  it('a pack that lost its signature fails; an unsigned one fails only with --require-signature, and is shown prominently', async () => {
    const { pack } = await import('./pack.js');
    const { writeKeyPair } = await import('./sign.js');
    const { runVerify } = await import('../cli/commands/verify.js');
    const { Output } = await import('../cli/output.js');
    const root = await mkdtemp(join(tmpdir(), 'soc2-unsigned-'));
    const keys = await writeKeyPair(join(root, 'k'));
    const signed = join(root, 'signed.zip');
    await pack({ evidenceDir: ev.evidence, output: signed, signKey: keys.privateKey, toolVersion: 't' });
    const dir = join(root, 'stripped');
    expect(await extractZip(signed, dir)).toEqual([]);
    unlinkSync(join(dir, 'SHA256SUMS.sig'));
    const r = await verifyPath(dir);
    expect(r.ok).toBe(false);
    expect(r.pack?.signature).toMatchObject({ signed: false, stripped: true });
    expect(r.problems.map(formatProblem)).toEqual([
      'signature SHA256SUMS.sig: missing, but SHA256SUMS.pub is here: the pack was signed and its signature was removed',
    ]);

    const unsigned = join(root, 'unsigned.zip');
    await pack({ evidenceDir: ev.evidence, output: unsigned, toolVersion: 't' });
    expect((await verifyPath(unsigned)).ok).toBe(true);
    const required = await verifyPath(unsigned, { requireSignature: true });
    expect(required.problems.map(formatProblem)).toEqual([
      'signature SHA256SUMS.sig: the pack is not signed (--require-signature): nothing proves who made it',
    ]);
    expect((await verifyPath(signed, { requireSignature: true })).ok).toBe(true);

    const err: string[] = [];
    const spy = (await import('vitest')).vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    try {
      const quiet = new Output({ quiet: true, color: false });
      expect(await runVerify(quiet, {}, unsigned)).toBe(0);
      expect(await runVerify(quiet, {}, unsigned, { requireSignature: true })).toBe(4);
      expect(await runVerify(quiet, {}, dir)).toBe(4);
    } finally {
      spy.mockRestore();
    }
    // Shown even with --quiet, within 80 columns.
    const text = err.join('');
    expect(text).toContain('warning this pack is NOT SIGNED: nothing proves who made it');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    rmSync(root, { recursive: true, force: true });
  }, 30_000);
});

describe('history and pack over an evidence directory with a hostile bundle', () => {
  it('history leaves it out as failing verification and pack refuses it, in bounded time', async () => {
    const { readHistory } = await import('../history/history.js');
    const { pack, PackVerifyError } = await import('./pack.js');
    const root = await mkdtemp(join(tmpdir(), 'soc2-hostile-ev-'));
    const evidence = join(root, 'evidence');
    await cp(ev.evidence, evidence, { recursive: true });
    const b = join(evidence, ev.sealed[0]!.name);
    unlinkSync(join(b, RECORDS));
    mkfifo(join(b, RECORDS));
    const h = await within(5_000, () => readHistory({ evidenceDir: evidence }));
    expect(h.bundles.excluded.map((x) => x.bundle)).toEqual([ev.sealed[0]!.name]);
    expect(h.bundles.excluded[0]!.problems.join('\n')).toContain(`${RECORDS}: a FIFO inside the bundle`);
    const err = await within(5_000, () => pack({ evidenceDir: evidence, output: join(root, 'p.zip'), toolVersion: 't' }).catch((e: unknown) => e));
    expect(err).toBeInstanceOf(PackVerifyError);
    expect((err as { details: string[] }).details.join('\n')).toContain(`${RECORDS}: a FIFO inside the bundle`);
    expect(existsSync(join(root, 'p.zip'))).toBe(false);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('a path that is not a bundle, pack or directory', () => {
  it('verify and the bundle readers say so (exit 2) instead of failing inside', async () => {
    const { VerifyInputError } = await import('./verify.js');
    const root = await mkdtemp(join(tmpdir(), 'soc2-notabundle-'));
    mkfifo(join(root, 'fifo'));
    await expect(verifyPath(join(root, 'fifo'))).rejects.toBeInstanceOf(VerifyInputError);
    await expect(verifyPath('/dev/zero')).rejects.toThrow('/dev/zero: neither a file nor a directory (a FIFO, socket or device is not read)');
    writeFileSync(join(root, 'file'), 'x');
    await expect(openVerifiedBundle(join(root, 'file'))).rejects.toMatchObject({
      code: 2,
      message: `${join(root, 'file')}: not a bundle (a bundle is a directory)`,
    });
    await expect(openVerifiedBundle(join(root, 'fifo'))).rejects.toMatchObject({ code: 2 });
    rmSync(root, { recursive: true, force: true });
  });
});

describe('an unpacked pack with links and FIFOs at its root', () => {
  it('names them and reads none (SHA256SUMS as a FIFO, a link beside index.html, a FIFO as the signature)', async () => {
    const { pack } = await import('./pack.js');
    const root = await mkdtemp(join(tmpdir(), 'soc2-unpacked-'));
    const zipFile = join(root, 'p.zip');
    await pack({ evidenceDir: ev.evidence, output: zipFile, toolVersion: 't' });
    const dir = join(root, 'p');
    expect(await extractZip(zipFile, dir)).toEqual([]);
    unlinkSync(join(dir, 'SHA256SUMS'));
    mkfifo(join(dir, 'SHA256SUMS'));
    symlinkSync('/dev/zero', join(dir, 'zero.html'));
    mkfifo(join(dir, 'SHA256SUMS.sig'));
    const r = await within(5_000, () => verifyPath(dir));
    expect(r.ok).toBe(false);
    expect(r.problems.filter((p) => p.kind === 'unsafe' || p.kind === 'signature').map(formatProblem)).toEqual([
      'unsafe    SHA256SUMS: not a regular file (not read)',
      'unsafe    zero.html: a symbolic link inside the pack (not read)',
      'signature SHA256SUMS.sig: not a regular file (not read)',
    ]);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('merge', () => {
  it('refuses a shard that fails verification as a verification failure (exit 4), not as bad input', async () => {
    const { mergeShards, MergeError } = await import('../engine/merge.js');
    const dir = await copy();
    unlinkSync(join(dir, RECORDS));
    symlinkSync('/dev/zero', join(dir, RECORDS));
    const evidence = await mkdtemp(join(tmpdir(), 'soc2-merge-target-'));
    const err = await within(5_000, () =>
      mergeShards({ shards: [dir], evidenceDir: evidence, loaded: { config: {} } as never, controlMap: {} as never, toolVersion: 't' }).catch(
        (e: unknown) => e,
      ),
    );
    expect(err).toBeInstanceOf(MergeError);
    expect(err).toMatchObject({ verification: true, message: expect.stringContaining(`${dir}: not intact`) });
    expect(readdirSync(evidence)).toEqual([]);
  });
});
