import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes `value` as `JSON.stringify(value, null, 2)` would, but piece by piece: objects and arrays down to
 * `depth` levels are written member by member, so a results file with hundreds of thousands of findings
 * is never one string in memory.
 */
export async function writeJsonFile(path: string, value: unknown, depth = 3): Promise<void> {
  const out = createWriteStream(path);
  await writeJsonTo(out, value, depth);
  out.end();
  await once(out, 'finish');
}

/** The same, to an open stream (stdout for `--json`), honouring back-pressure; the stream stays open. */
export async function writeJsonTo(out: Writable, value: unknown, depth = 3): Promise<void> {
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await emit(value, '', depth, write);
  await write('\n');
}

/** Writes one value at a given indentation, as JSON.stringify(…, null, 2) would inside its parent. */
export async function emit(v: unknown, indent: string, depth: number, write: (s: string) => Promise<void>): Promise<void> {
  const inner = `${indent}  `;
  if (depth > 0 && Array.isArray(v) && v.length > 0) {
    await write('[\n');
    for (let i = 0; i < v.length; i++) {
      await write(inner);
      // JSON.stringify writes undefined and functions in arrays as null.
      await emit(v[i] === undefined || typeof v[i] === 'function' ? null : v[i], inner, depth - 1, write);
      await write(i < v.length - 1 ? ',\n' : '\n');
    }
    await write(`${indent}]`);
    return;
  }
  if (depth > 0 && v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
    const entries: Array<[string, unknown]> = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function');
    if (entries.length === 0) return write('{}');
    await write('{\n');
    for (let i = 0; i < entries.length; i++) {
      const [k, x] = entries[i]!;
      await write(`${inner}${JSON.stringify(k)}: `);
      await emit(x, inner, depth - 1, write);
      await write(i < entries.length - 1 ? ',\n' : '\n');
    }
    await write(`${indent}}`);
    return;
  }
  await write((JSON.stringify(v, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`));
}
