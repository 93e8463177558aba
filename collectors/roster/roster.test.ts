import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRoster } from './parse.js';

const dir = mkdtempSync(join(tmpdir(), 'soc2-roster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('parseRoster', () => {
  it('reads an HR export with lenient headers into people, with the line of each row', () => {
    const r = parseRoster(
      file('ok.csv', 'Name,E-mail,Start Date,end_date,GitHub\nAda,ada@acme.example,2025-01-06,,ada-gh\nBo,bo@acme.example,2024-03-01,2026-02-01,\n'),
      'people.csv',
    );
    expect(r.problems).toEqual([]);
    expect(r.people.map((p) => [p.name, p.email, p.startDate, p.endDate, p.github, p.line])).toEqual([
      ['Ada', 'ada@acme.example', '2025-01-06', null, 'ada-gh', 2],
      ['Bo', 'bo@acme.example', '2024-03-01', '2026-02-01', null, 3],
    ]);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names file, line and column of each bad cell, all at once', () => {
    const r = parseRoster(
      file('bad.csv', 'name,email,startDate,endDate\nAda,not-an-email,2025-01-06,\n,bo@acme.example,2025-13-40,\nCy,cy@acme.example,2025-05-01,2025-04-01\n'),
      'people.csv',
    );
    const shown = r.problems.map((p) => `${p.file}:${p.line} ${p.pointer} ${p.message}`);
    expect(shown).toEqual(
      expect.arrayContaining([
        "people.csv:2 email expected a work email address, got 'not-an-email'",
        'people.csv:3 name name is empty',
        "people.csv:3 startDate expected a date YYYY-MM-DD, got '2025-13-40'",
        'people.csv:4 endDate ends (2025-04-01) before it starts (2025-05-01)',
      ]),
    );
    for (const p of r.problems) expect(p.col).toBeGreaterThanOrEqual(1);
  });

  it('reports a missing file as a problem, not a throw', () => {
    const r = parseRoster(join(dir, 'absent.csv'), 'absent.csv');
    expect(r.people).toEqual([]);
    expect(r.problems).toEqual([{ file: 'absent.csv', line: 1, col: 1, pointer: '', message: 'roster file not found' }]);
  });
});
