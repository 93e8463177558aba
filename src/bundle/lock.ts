import { hostname } from 'node:os';
import { link, mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STAGING_PREFIX } from './layout.js';

/** A lock from another host (whose process we cannot see) is taken to be left by a killed run after this long. */
const STALE_MS = 120_000;
/** How long a run waits for a live holder (sealing takes seconds) before giving up. */
const waitMs = (): number => Number(process.env.SOC2_LOCK_WAIT_MS) || 60_000;

export const LOCK_FILE = '.soc2.lock';

/** What `.soc2.lock` records about the run holding it. */
export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/** Another live run holds the evidence directory's lock (the CLI reports it without a stack trace). */
export class LockHeldError extends Error {
  constructor(
    readonly path: string,
    readonly owner: LockOwner | undefined,
  ) {
    const who = owner
      ? `another run (pid ${owner.pid}${owner.host ? ` on ${owner.host}` : ''}${owner.startedAt ? `, since ${owner.startedAt}` : ''})`
      : 'another run';
    super(`${who} holds the evidence lock\n  ${path}\n  nothing was sealed; try again when it finishes`);
  }
}

/** This machine's name as recorded in locks and staging folder names (path-safe). */
export function thisHost(): string {
  return hostname().replace(/[^A-Za-z0-9._@=-]/g, '_') || 'localhost';
}

/** Whether a process of this host is alive (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Parses a lock file: JSON with pid, host, startedAt (or, from older versions, a bare pid). */
export function parseLock(text: string): LockOwner | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockOwner> | number;
    if (typeof v === 'number') return { pid: v, host: '', startedAt: '' };
    if (v && typeof v.pid === 'number') return { pid: v.pid, host: String(v.host ?? ''), startedAt: String(v.startedAt ?? '') };
  } catch {
    // A torn write (killed between create and write) or garbage: no owner is known.
  }
  return undefined;
}

export interface LockOptions {
  /** Told when a lock left by a dead run is taken over, and when leftover staging folders are removed. */
  warn?: (message: string) => void;
}

/**
 * Runs `fn` holding `<dir>/.soc2.lock` (created with O_EXCL; it records pid, host and start time). A lock
 * whose process is gone (same host) is taken over at once with a warning; one from another host is taken
 * over when older than two minutes; a live holder is waited for, then a LockHeldError names it. Holding
 * the lock, the staging folders of dead runs of this host are removed.
 */
export async function withLock<T>(dir: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const warn = opts.warn ?? ((m: string) => void process.stderr.write(`warning ${m}\n`));
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const host = thisHost();
  const started = Date.now();
  let last: LockOwner | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      await createLock(path, `${JSON.stringify({ pid: process.pid, host, startedAt: new Date().toISOString() } satisfies LockOwner)}\n`);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const st = await stat(path).catch(() => undefined);
      if (!st) continue; // released meanwhile
      last = parseLock(await readFile(path, 'utf8').catch(() => ''));
      const age = Date.now() - st.mtimeMs;
      // Why the age for an unreadable lock: its owner may be between creating and writing it.
      const dead = last ? (last.host === host || last.host === '') && !processAlive(last.pid) : age > 5_000;
      if (dead || age > STALE_MS) {
        const who = last ? `run pid ${last.pid}${last.host ? ` on ${last.host}` : ''}` : 'an unknown run';
        warn(`took over the lock left by ${who}, which is gone\n  ${path}${last?.startedAt ? ` (held since ${last.startedAt})` : ''}`);
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() - started > waitMs()) throw new LockHeldError(path, last);
      await new Promise((r) => setTimeout(r, Math.min(50 * (attempt + 1), 500)));
    }
  }
  try {
    const removed = await sweepStaging(dir);
    if (removed.length) warn(`removed ${removed.length} staging folder(s) left by killed runs`);
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}

/**
 * Creates the lock file with its content in one step: written to a private file, then hard-linked into place
 * (link fails with EEXIST like O_EXCL). Why: a run killed between creating and writing would leave an empty lock
 * that names nobody. Where hard links are not supported, falls back to O_EXCL and a write.
 */
async function createLock(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  await writeFile(tmp, content, { flag: 'wx' });
  try {
    await link(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    const fh = await open(path, 'wx');
    try {
      await fh.writeFile(content);
    } finally {
      await fh.close();
    }
  } finally {
    await rm(tmp, { force: true });
  }
}

/** `.staging-<bundle>-[<host>-]<pid>-<8 hex>`: the folder a run writes its bundle into before sealing. */
const STAGING = /^(\d{4}-\d{2}-\d{2}T\d{6}Z)-(?:(.+)-)?(\d+)-([0-9a-f]{8})$/;

/** Parses a staging folder's name: the host (absent in names from older versions) and pid of its run. */
export function stagingOwner(name: string): { host?: string; pid: number } | undefined {
  if (!name.startsWith(STAGING_PREFIX)) return undefined;
  const m = STAGING.exec(name.slice(STAGING_PREFIX.length));
  return m ? { host: m[2], pid: Number(m[3]) } : undefined;
}

/**
 * Removes the staging folders of runs of this host whose process is gone (a killed run never sealed them,
 * and never will). Folders of live runs, of other hosts, and names we do not recognise are kept. A name
 * without a host (older versions) counts as this host's only when the folder is older than an hour.
 */
export async function sweepStaging(dir: string): Promise<string[]> {
  const host = thisHost();
  const removed: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    // A lock's private file, left by a run killed while taking the lock.
    const tmp = /^\.soc2\.lock\.(\d+)\.[a-z0-9]+\.tmp$/.exec(e.name);
    if (tmp && e.isFile() && !processAlive(Number(tmp[1]))) await rm(join(dir, e.name), { force: true });
    if (!e.isDirectory()) continue;
    const owner = stagingOwner(e.name);
    if (!owner || owner.pid === process.pid || processAlive(owner.pid)) continue;
    if (owner.host !== undefined && owner.host !== host) continue;
    if (owner.host === undefined) {
      const st = await stat(join(dir, e.name)).catch(() => undefined);
      if (!st || Date.now() - st.mtimeMs < 3_600_000) continue;
    }
    await rm(join(dir, e.name), { recursive: true, force: true, maxRetries: 3, retryDelay: 50 }).catch(() => undefined);
    removed.push(e.name);
  }
  return removed;
}
