import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonFile } from './json-stream.js';

describe('writeJsonFile', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-json-'));
    const values: unknown[] = [
      { a: 1, b: [1, 2, { c: 'x', d: [] }], e: {}, f: undefined, g: null, h: 'q"uote\nline', i: [undefined, () => 1], j: new Date('2026-01-01T00:00:00Z') },
      [],
      [[[[1]]]],
      'plain',
      { checks: Array.from({ length: 50 }, (_, i) => ({ id: i, findings: [{ resource: `r${i}`, nested: { deep: [i] } }] })) },
    ];
    for (const [n, v] of values.entries()) {
      const p = join(dir, `${n}.json`);
      await writeJsonFile(p, v);
      expect(readFileSync(p, 'utf8')).toBe(`${JSON.stringify(v, null, 2)}\n`);
    }
  });
});
