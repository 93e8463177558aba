import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Highest VmRSS seen while polling /proc/<pid>/status, in bytes (0 when /proc is not readable). */
  sampledPeakRss: number;
  /** VmHWM (the kernel's peak RSS) at the last successful read, in bytes. */
  hwm: number;
}

/** Reads `VmRSS` and `VmHWM` (kB) of a live process; undefined once it is gone or without /proc. */
function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/**
 * Runs the built CLI as a user would (`node bin/soc2.js …`) and measures its peak RSS by polling /proc every
 * `pollMs`; VmHWM is the kernel's own high-water mark, so a spike between two polls is still counted.
 */
export function runCli(
  cliPath: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; pollMs?: number; onStderr?: (s: string) => void },
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sampledPeakRss = 0;
    let hwm = 0;
    const sample = () => {
      const m = child.pid ? memoryOf(child.pid) : undefined;
      if (!m) return;
      sampledPeakRss = Math.max(sampledPeakRss, m.rss);
      hwm = Math.max(hwm, m.hwm);
    };
    const poll = setInterval(sample, opts.pollMs ?? 200);
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      // Keep the tail only: progress lines of a long run add up.
      stderr = (stderr + s).slice(-200_000);
      opts.onStderr?.(s);
    });
    child.on('error', (err) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(err);
    });
    // 'exit' fires before the streams close; the process may already be reaped, so the last sample is the last poll.
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, wallMs: performance.now() - t0, sampledPeakRss, hwm });
    });
  });
}
