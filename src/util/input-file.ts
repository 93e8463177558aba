import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** The largest input file (config, control map, roster, mapping, document, key) read; SOC2_MAX_INPUT_BYTES overrides it. */
export function maxInputBytes(): number {
  return Number(process.env.SOC2_MAX_INPUT_BYTES) || 32 * 1024 * 1024;
}

/** Why an input path cannot be read as a file, in words for the user (undefined: it can). */
export function notARegularFile(mode: {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string | undefined {
  if (mode.isFile()) return undefined;
  if (mode.isDirectory()) return 'a directory, not a file';
  if (mode.isFIFO()) return 'a FIFO (named pipe), not a regular file';
  if (mode.isSocket()) return 'a socket, not a regular file';
  if (mode.isCharacterDevice() || mode.isBlockDevice()) return 'a device, not a regular file';
  return 'not a regular file';
}

/**
 * Reads an input file named by the user or the config, refusing what is not a regular file (a FIFO is
 * opened non-blocking, so it cannot hang; /dev/zero is a device) and what is larger than the limit.
 * Returns the bytes, or a message saying what is wrong (ENOENT as 'file not found').
 */
export function readInputFile(path: string, limit = maxInputBytes()): { bytes: Buffer } | { error: string; code?: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: 'file not found', code };
    if (code === 'EISDIR') return { error: 'a directory, not a file', code };
    return { error: `cannot read: ${(err as Error).message}`, code };
  }
  try {
    const st = fstatSync(fd);
    const why = notARegularFile(st);
    if (why) return { error: why };
    if (st.size > limit) return { error: `${st.size} bytes, larger than the ${limit}-byte limit for an input file (SOC2_MAX_INPUT_BYTES raises it)` };
    // Why read up to the limit and not to EOF: a file that grows while read (a log being written) stays bounded.
    const buf = Buffer.alloc(Math.min(st.size, limit) + 1);
    let n = 0;
    for (;;) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n === buf.length) return { error: `larger than the ${limit}-byte limit for an input file (it grew while read)` };
    }
    return { bytes: buf.subarray(0, n) };
  } finally {
    closeSync(fd);
  }
}

/** Checks, without reading it, that a path names a regular file within the limit; a message when not. */
export function checkInputFile(path: string, limit = maxInputBytes()): string | undefined {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}`;
  }
  return (
    notARegularFile(st) ??
    (st.size > limit ? `${st.size} bytes, larger than the ${limit}-byte limit for an input file (SOC2_MAX_INPUT_BYTES raises it)` : undefined)
  );
}
