import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runKeygen } from '../cli/commands/keygen.js';
import { runPack } from '../cli/commands/pack.js';
import { runVerify } from '../cli/commands/verify.js';
import { Output } from '../cli/output.js';
import type { VerifyReport } from './verify.js';
import { makeEvidence } from './testing.js';

let ev: Awaited<ReturnType<typeof makeEvidence>>;
let keys: string;
beforeAll(async () => {
  ev = await makeEvidence(3);
  keys = await mkdtemp(join(tmpdir(), 'soc2-cli-keys-'));
});
afterAll(async () => {
  await rm(ev.root, { recursive: true, force: true });
  await rm(keys, { recursive: true, force: true });
});

const quiet = new Output({ quiet: true });

/** Runs fn with stdout captured; returns what it wrote. */
async function stdout<T>(fn: () => Promise<T>): Promise<[T, string]> {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (writes.push(String(s)), true));
  try {
    return [await fn(), writes.join('')];
  } finally {
    spy.mockRestore();
  }
}

describe('soc2 keygen, pack --sign, verify --key', () => {
  it('exit 0 for a sound signed pack, 4 with another key, 4 after tampering, with a --json report', async () => {
    expect(await runKeygen(quiet, {}, { output: join(keys, 'ours') })).toBe(0);
    expect(await runKeygen(quiet, {}, { output: join(keys, 'theirs') })).toBe(0);
    expect(statSync(join(keys, 'ours.key')).mode & 0o777).toBe(0o600);
    await expect(runKeygen(quiet, {}, { output: join(keys, 'ours') })).rejects.toMatchObject({ code: 2, message: expect.stringContaining('already exists') });

    const zip = join(ev.root, 'q1.zip');
    const [code, json] = await stdout(() => runPack(quiet, { json: true }, [], { evidenceDir: ev.evidence, output: zip, sign: join(keys, 'ours.key') }));
    expect(code).toBe(0);
    expect(JSON.parse(json)).toMatchObject({ output: zip, bundles: ev.sealed.map((s) => s.name), fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });

    expect(await runVerify(quiet, {}, zip, { key: join(keys, 'ours.pub') })).toBe(0);
    const [bad, out] = await stdout(() => runVerify(quiet, { json: true }, zip, { key: join(keys, 'theirs.pub') }));
    expect(bad).toBe(4);
    const report = JSON.parse(out) as VerifyReport;
    expect(report).toMatchObject({ ok: false, target: 'pack', pack: { signature: { signed: true, valid: false } } });

    // A flipped byte in a record's compressed data, and one in its name in the local header (an ambiguous zip).
    const original = readFileSync(zip);
    const name = Buffer.from(`bundles/${ev.sealed[1]!.name}/data/records/aws.iam.user.jsonl`);
    const header = original.indexOf(name) - 30;
    expect(original.readUInt32LE(header)).toBe(0x04034b50);
    const dataStart = header + 30 + name.length + original.readUInt16LE(header + 28);
    for (const at of [dataStart + 3, header + 30 + name.length - 3]) {
      const flipped = Buffer.from(original);
      flipped[at]! ^= 0x01;
      writeFileSync(join(ev.root, 'flipped.zip'), flipped);
      const [status, text] = await stdout(() => runVerify(quiet, { json: true }, join(ev.root, 'flipped.zip')));
      expect(status).toBe(4);
      expect((JSON.parse(text) as VerifyReport).problems).toContainEqual(
        expect.objectContaining({ kind: 'altered', file: expect.stringContaining('aws.iam.user.jsonl') }),
      );
    }
  });

  it('exit 2 for an empty window, a bad date, a bad key file or a path that is nothing to verify', async () => {
    await expect(runPack(quiet, {}, [], { evidenceDir: ev.evidence, from: '2030-01-01', to: '2030-03-31' })).rejects.toMatchObject({ code: 2 });
    await expect(runPack(quiet, {}, [], { evidenceDir: ev.evidence, from: '2026-13-45' })).rejects.toMatchObject({ code: 2 });
    writeFileSync(join(keys, 'junk.pem'), 'not a key');
    await expect(runPack(quiet, {}, [], { evidenceDir: ev.evidence, sign: join(keys, 'junk.pem') })).rejects.toMatchObject({ code: 2 });
    await expect(runVerify(quiet, {}, ev.evidence, { key: join(keys, 'junk.pem') })).rejects.toMatchObject({ code: 2 });
    await expect(runVerify(quiet, {}, ev.root)).rejects.toMatchObject({ code: 2 });
    await expect(runVerify(quiet, {}, join(keys, 'junk.pem'))).rejects.toMatchObject({ code: 2 });
  });

  it('exit 4 when packing a tampered bundle', async () => {
    const rec = join(ev.sealed[1]!.dir, 'data/results.json');
    const original = readFileSync(rec);
    writeFileSync(rec, Buffer.concat([original, Buffer.from(' ')]));
    try {
      await expect(runPack(quiet, {}, [], { evidenceDir: ev.evidence, output: join(ev.root, 'x.zip') })).rejects.toMatchObject({
        code: 4,
        details: expect.arrayContaining([expect.stringContaining(`${ev.sealed[1]!.name}/data/results.json`)]),
      });
      expect(await runVerify(quiet, {}, ev.evidence)).toBe(4);
    } finally {
      writeFileSync(rec, original);
    }
    expect(await runVerify(quiet, {}, ev.evidence)).toBe(0);
  });
});
