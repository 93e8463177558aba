import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSyntheticBundle } from '../../test/helpers/bundles.js';
import { listBundles } from './layout.js';
import { LOCK_FILE, LockHeldError, parseLock, stagingOwner, sweepStaging, thisHost, withLock } from './lock.js';

/** The pid of a process that has just ended (not reused within a test). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

const asOf = new Date('2026-11-22T13:10:00Z');

afterEach(() => {
  delete process.env.SOC2_LOCK_WAIT_MS;
});

describe('evidence directory lock', () => {
  it('records pid, host and start time while held, and removes itself after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-lock-'));
    let seen: ReturnType<typeof parseLock>;
    await withLock(dir, async () => {
      const { readFileSync } = await import('node:fs');
      seen = parseLock(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    });
    expect(seen!).toMatchObject({ pid: process.pid, host: thisHost() });
    expect(Number.isNaN(Date.parse(seen!.startedAt))).toBe(false);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock left by a killed run at once, with a warning, and sweeps its staging folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-lock-'));
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: thisHost(), startedAt: new Date().toISOString() }));
    const left = `.staging-2026-11-21T131000Z-${thisHost()}-${pid}-0123abcd`;
    mkdirSync(join(dir, left, 'data', 'records'), { recursive: true });
    writeFileSync(join(dir, left, 'data', 'records', 'x.jsonl'), '{}\n');
    // A live run's staging folder and another host's are kept.
    const live = `.staging-2026-11-21T131000Z-${thisHost()}-${process.pid}-0123abce`;
    const other = `.staging-2026-11-21T131000Z-elsewhere-${pid}-0123abcf`;
    mkdirSync(join(dir, live));
    mkdirSync(join(dir, other));
    const warnings: string[] = [];
    const t0 = Date.now();
    const sealed = await withLock(dir, async () => 'sealed', { warn: (m) => warnings.push(m) });
    expect(sealed).toBe('sealed');
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(warnings[0]).toMatch(
      new RegExp(`^took over the lock left by run pid ${pid} on ${thisHost()}, which is gone\n  ${join(dir, LOCK_FILE)} \\(held since `),
    );
    expect(warnings[1]).toBe('removed 1 staging folder(s) left by killed runs');
    expect(readdirSync(dir).sort()).toEqual([live, other].sort());
  });

  it('a whole seal succeeds promptly after a killed run left its lock and staging', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-lock-'));
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), `${pid}\n`); // the format of earlier versions: a bare pid
    const left = `.staging-2026-11-21T131000Z-${thisHost()}-${pid}-0123abcd`;
    mkdirSync(join(dir, left, 'data'), { recursive: true });
    const t0 = Date.now();
    const b = await writeSyntheticBundle(dir, asOf, [{ id: 'C1', status: 'pass' }]);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect((await listBundles(dir)).map((x) => x.name)).toEqual([b.name]);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('names the live run holding the lock instead of waiting for ever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-lock-'));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: thisHost(), startedAt: '2026-11-22T13:00:00.000Z' }));
    process.env.SOC2_LOCK_WAIT_MS = '300';
    const err = await withLock(dir, async () => 'no').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as Error).message).toBe(
      `another run (pid ${process.pid} on ${thisHost()}, since 2026-11-22T13:00:00.000Z) holds the evidence lock\n  ${join(dir, LOCK_FILE)}\n  nothing was sealed; try again when it finishes`,
    );
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });

  it('takes over an old lock of another host, but not a fresh one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-lock-'));
    const lock = join(dir, LOCK_FILE);
    writeFileSync(lock, JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: '2026-11-22T13:00:00.000Z' }));
    process.env.SOC2_LOCK_WAIT_MS = '200';
    await expect(withLock(dir, async () => 'x', { warn: () => undefined })).rejects.toBeInstanceOf(LockHeldError);
    const old = (Date.now() - 10 * 60_000) / 1000;
    utimesSync(lock, old, old);
    await expect(withLock(dir, async () => 'x', { warn: () => undefined })).resolves.toBe('x');
  });

  it('parses staging folder names of this and earlier versions', async () => {
    expect(stagingOwner('.staging-2026-11-22T131000Z-ip-10-0-0-1-4242-0a1b2c3d')).toEqual({ host: 'ip-10-0-0-1', pid: 4242 });
    expect(stagingOwner('.staging-2026-11-22T131000Z-4242-0a1b2c3d')).toEqual({ host: undefined, pid: 4242 });
    expect(stagingOwner('2026-11-22T131000Z')).toBeUndefined();
    // An earlier version's folder (no host) of a dead run is removed only once it is old.
    const dir = mkdtempSync(join(tmpdir(), 'soc2-lock-'));
    const name = `.staging-2026-11-22T131000Z-${deadPid()}-0a1b2c3d`;
    mkdirSync(join(dir, name));
    expect(await sweepStaging(dir)).toEqual([]);
    const old = (Date.now() - 2 * 3_600_000) / 1000;
    utimesSync(join(dir, name), old, old);
    expect(await sweepStaging(dir)).toEqual([name]);
  });
});

describe('abandoning a run', () => {
  it('removes staging while writers still add files, never rejects, and leaves a sealed bundle alone', async () => {
    const { BundleWriter } = await import('./writer.js');
    const { mkdir, writeFile } = await import('node:fs/promises');
    const dir = mkdtempSync(join(tmpdir(), 'soc2-abandon-'));
    const w = await BundleWriter.create(dir, { asOf, toolVersion: 't', source: 'sandbox', organization: 'T' });
    // A collector thread still writing raw pages into staging when the interrupt comes (an rm of a folder that gains
    // entries fails with ENOTEMPTY).
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 600; i++) {
        const d = join(w.staging, 'data', 'raw', `p${i % 7}`);
        await mkdir(d, { recursive: true }).catch(() => undefined);
        await writeFile(join(d, `${i}.json`), '{}').catch(() => undefined);
      }
    })();
    await new Promise((r) => setTimeout(r, 20));
    const both = Promise.all([w.abandon(), w.abandon()]);
    await expect(both).resolves.toBeDefined();
    writing = false;
    await writer;
    // Whatever a writer recreated after the removal belongs to a dead run once this process ends; the sweep takes it.
    await w.abandon();
    await expect(w.seal()).rejects.toThrow('abandoned');

    const ok = await BundleWriter.create(dir, { asOf, toolVersion: 't', source: 'sandbox', organization: 'T' });
    await ok.writeData('run.json', '{}');
    const sealing = ok.seal();
    const abandoning = ok.abandon();
    const sealed = await sealing;
    await abandoning;
    expect(existsSync(join(sealed.dir, 'data', 'run.json'))).toBe(true);
    expect(existsSync(ok.staging)).toBe(false);
  });
});
