import { closeSync, createReadStream, createWriteStream, openSync, rmSync, writeSync } from 'node:fs';
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
  return { ...check, findings: check.findings.filter((f) => f.status === 'fail' || f.excepted) };
}

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
