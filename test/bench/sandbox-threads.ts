import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { LoggedRequest } from '../../src/sandbox/request-log.js';
import { packagePath } from '../../src/util/paths.js';

/**
 * The bench's sandbox with each provider on its own thread. Real providers are independent services: GitHub does not
 * slow down while AWS builds 20 credential reports. In one process, one provider's heavy answers would hold up the
 * others' requests and be charged to the collector under test. Each thread loads its provider's data file from the
 * scenario directory and serves it on 127.0.0.1; the request logs are gathered when the sandbox closes.
 */
export interface ThreadedSandbox {
  urls: Record<string, string>;
  /** Every provider's request log, merged in arrival order (available after `close`). */
  entries: LoggedRequest[];
  close(): Promise<void>;
}

// Why the compiled file: under vitest this module is TypeScript, which a worker thread cannot load (`npm test` builds
// dist/ before the tests run).
const WORKER_SCRIPT = import.meta.url.endsWith('.js') ? fileURLToPath(import.meta.url) : packagePath('dist-test', 'test', 'bench', 'sandbox-threads.js');

interface Init {
  dir: string;
  provider: string;
  latencyMs: number;
}

export async function startThreadedSandbox(dir: string, providers: string[], latencyMs: number): Promise<ThreadedSandbox> {
  const workers = new Map<string, Worker>();
  const urls: Record<string, string> = {};
  const entries: LoggedRequest[] = [];
  const close = async () => {
    await Promise.all(
      [...workers.values()].map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('message', (m: { log?: LoggedRequest[] }) => {
              entries.push(...(m.log ?? []));
              void w.terminate().then(() => resolve());
            });
            w.postMessage({ close: true });
          }),
      ),
    );
    entries.sort((a, b) => (a.receivedMs ?? 0) - (b.receivedMs ?? 0));
    workers.clear();
  };
  try {
    for (const provider of providers) {
      const w = new Worker(WORKER_SCRIPT, { workerData: { dir, provider, latencyMs } satisfies Init });
      workers.set(provider, w);
      urls[provider] = await new Promise<string>((resolve, reject) => {
        w.once('message', (m: { url?: string; error?: string }) => (m.url ? resolve(m.url) : reject(new Error(m.error))));
        w.once('error', reject);
      });
    }
  } catch (err) {
    await Promise.all([...workers.values()].map((w) => w.terminate()));
    throw err;
  }
  return { urls, entries, close };
}

async function serveOne(init: Init): Promise<void> {
  const port = parentPort!;
  let sandbox: Sandbox;
  try {
    const data: unknown = JSON.parse(await readFile(join(init.dir, `${init.provider}.json`), 'utf8'));
    sandbox = await startSandbox({ name: `bench-${init.provider}`, providers: { [init.provider]: data }, faults: [] }, { latencyMs: init.latencyMs });
  } catch (err) {
    port.postMessage({ error: (err as Error).message });
    return;
  }
  port.on('message', (m: { close?: boolean }) => {
    if (!m.close) return;
    void sandbox.close().then(() => {
      // Why performance.timeOrigin: each thread's performance.now() starts at its own origin; the log is merged.
      const shift = performance.timeOrigin;
      port.postMessage({ log: sandbox.log.entries.map((e) => ({ ...e, receivedMs: (e.receivedMs ?? 0) + shift })) });
    });
  });
  port.postMessage({ url: sandbox.urls[init.provider] });
}

if (!isMainThread && (workerData as Init | undefined)?.provider) void serveOne(workerData as Init);
