import { mkdir, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const STALE_MS = 120_000;
const WAIT_MS = 60_000;

/**
 * Runs `fn` holding `<dir>/.soc2.lock` (created with O_EXCL). Another run waits its turn; a lock
 * older than two minutes is taken to be left by a killed process and removed.
 */
export async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, '.soc2.lock');
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const st = await stat(path).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > STALE_MS) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() - started > WAIT_MS) throw new Error(`the evidence directory ${dir} is locked by another soc2 run (${path}); try again when it finishes`);
      await new Promise((r) => setTimeout(r, Math.min(50 * (attempt + 1), 500)));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
