import { closeSync, createReadStream, createWriteStream, openSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { emit } from '../util/json-stream.js';
import type { CheckResult, Results } from './results.js';

/**
 * Scores with findings written through to disk: `score` receives a sink for each complete check result
 * and returns the results with only failing and excepted findings kept (all that rendering, exit codes,
 * SARIF, JUnit and baselines read). The full results — every finding — are written to `outPath` as
 * JSON.stringify(results, null, 2) would write them, without ever holding them all in memory.
 */
export async function scoreToFile(outPath: string, score: (sink: (check: CheckResult) => void) => Results): Promise<Results> {
  const tmp = join(tmpdir(), `soc2-checks-${process.pid}-${randomUUID().slice(0, 8)}.jsonl`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    let results: Results;
    try {
      results = score((check) => writeSync(fd, `${JSON.stringify(check)}\n`));
    } finally {
      closeSync(fd);
    }
    const out = createWriteStream(outPath);
    await writeResultsTo(out, results, tmp);
    out.end();
    await once(out, 'finish');
    return results;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Keeps what is needed beyond the file: failing findings and excepted ones. */
export function slimCheck(check: CheckResult): CheckResult {
  return { ...check, findings: check.findings.filter(keepFinding) };
}

function keepFinding(f: CheckResult['findings'][number]): boolean {
  return f.status === 'fail' || Boolean(f.excepted);
}

/**
 * The first line of a check's findings array as results.json is written (JSON.stringify(…, null, 2)): a key of an
 * element of the top-level `checks` array, so at six spaces.
 */
const FINDINGS_OPEN = Buffer.from('      "findings": [');
const ITEM = Buffer.from('        ');
const CLOSE = [Buffer.from('      ]'), Buffer.from('      ],')];

/**
 * Reads a results file as `slimCheck` leaves it — failing and excepted findings only, which is all the history, the
 * owners' streaks and the gap table read — with the SHA-256 of the very bytes read. Why not JSON.parse of the whole
 * file: on a large estate it holds every passing finding (74 MB of text, a few hundred MB parsed), and reading it
 * was the peak of a whole `collect` (the owners' section reads the bundle just sealed). The file is read as a stream,
 * line by line (bytes: a line break is never inside a UTF-8 character, and JSON strings hold no raw line breaks);
 * each element of a check's findings array is parsed on its own and dropped unless kept; the rest (controls,
 * criteria, checks without their findings) is parsed at the end and the kept findings put back in order.
 * `findings: 'none'` keeps no finding at all (the verdicts only). A file in another layout (on one line: soc2 never
 * writes one) is parsed whole, every finding kept: more memory, the same verdicts.
 */
export async function readSlimResults(path: string, findings: 'kept' | 'none' = 'kept'): Promise<{ results: Results; sha256: string }> {
  const hash = createHash('sha256');
  const outer: Buffer[] = [];
  const kept: Array<CheckResult['findings']> = [];
  // Inside a findings array: the lines of the element being read.
  let item: Buffer[] | undefined;
  let rest: Buffer | undefined;
  const line = (l: Buffer) => {
    if (!item) {
      if (!l.equals(FINDINGS_OPEN)) return outer.push(Buffer.from(l));
      // The array stays in the outer text holding a 0 (never a finding); its kept findings replace it after parsing.
      outer.push(Buffer.from('      "findings": [0'));
      kept.push([]);
      item = [];
      return;
    }
    if (item.length === 0 && CLOSE.some((c) => c.equals(l))) {
      outer.push(Buffer.from(l));
      item = undefined;
      return;
    }
    item.push(Buffer.from(l));
    // An element ends on a line at its own indentation that closes it (or is the whole element).
    const last = l[l.length - 1] === 44 ? l[l.length - 2] : l[l.length - 1];
    if (l.subarray(0, ITEM.length).equals(ITEM) && l[ITEM.length] !== 32 && last === 125) {
      let text = Buffer.concat(item).toString('utf8');
      item = [];
      if (text.endsWith(',')) text = text.slice(0, -1);
      const f = JSON.parse(text) as CheckResult['findings'][number];
      if (findings === 'kept' && keepFinding(f)) kept[kept.length - 1]!.push(f);
    }
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, start)) {
      line(buf.subarray(start, i));
      start = i + 1;
    }
    rest = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
  }
  if (rest) line(rest);
  // An unclosed array (a truncated file): its lines go to JSON.parse as they stand, which says what is wrong.
  if (item) outer.push(...item);
  const results = JSON.parse(Buffer.concat(outer.flatMap((b) => [b, NEWLINE])).toString('utf8')) as Results;
  const marked = (results.checks ?? []).filter((c) => Array.isArray(c.findings) && c.findings.length === 1 && (c.findings[0] as unknown) === 0);
  if (marked.length !== kept.length) throw new Error(`${path}: findings arrays not where a results file has them`);
  marked.forEach((c, i) => (c.findings = kept[i]!));
  return { results, sha256: hash.digest('hex') };
}

const NEWLINE = Buffer.from('\n');

async function writeResultsTo(out: Writable, results: Results, checksFile: string): Promise<void> {
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const entries: Array<[string, unknown]> = Object.entries(results).filter(([, v]) => v !== undefined);
  await write('{\n');
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    await write(`  ${JSON.stringify(key)}: `);
    if (key === 'checks') {
      const lines = createInterface({ input: createReadStream(checksFile), crlfDelay: Infinity });
      let n = 0;
      for await (const line of lines) {
        if (!line) continue;
        await write(n++ === 0 ? '[\n    ' : ',\n    ');
        await emit(JSON.parse(line), '    ', 2, write);
      }
      await write(n === 0 ? '[]' : '\n  ]');
    } else {
      await emit(value, '  ', 3, write);
    }
    await write(i < entries.length - 1 ? ',\n' : '\n');
  }
  await write('}\n');
}
