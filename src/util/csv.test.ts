import { describe, expect, it } from 'vitest';
import { csvLine, readCsv } from './csv.js';

describe('readCsv', () => {
  it('drops a byte-order mark, keeps ragged rows and skips blank lines, with the line each record starts on', () => {
    const { records, problem } = readCsv('\uFEFFname,email\r\nAda,ada@example.com\r\n\r\nBob\r\n', 'roster.csv');
    expect(problem).toBeUndefined();
    expect(records.map((r) => [r.record, r.info.lines])).toEqual([
      [['name', 'email'], 1],
      [['Ada', 'ada@example.com'], 2],
      [['Bob'], 4],
    ]);
  });

  it('reads back what csvLine writes, quotes and line breaks included', () => {
    const { records } = readCsv(csvLine(['a,b', 'say "hi"', 'two\nlines']), 'x.csv');
    expect(records[0]?.record).toEqual(['a,b', 'say "hi"', 'two\nlines']);
  });

  it('malformed CSV is one problem naming the file and the line', () => {
    const { records, problem } = readCsv('name,email\nAda,"unclosed\n', 'roster.csv');
    expect(records).toEqual([]);
    expect(problem).toMatchObject({ file: 'roster.csv', line: expect.any(Number) as number, col: 1 });
    expect(problem?.message).toMatch(/^CSV: /);
    expect(problem?.line).toBeGreaterThanOrEqual(2);
  });
});
