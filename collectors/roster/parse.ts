import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RosterPerson as RosterPersonRecord } from '../../src/evidence/types.generated.js';
import { readCsv } from '../../src/util/csv.js';
import type { Problem } from '../../src/util/problems.js';
import { YamlFile } from '../../src/util/yaml-file.js';

/**
 * One roster row, as `roster.person` evidence: the schema's record with every member present (the parser writes null
 * for an empty column, and the line of the row in the file (CSV) or index (JSON), for the auditor to find it).
 */
export type RosterPerson = Required<RosterPersonRecord>;

export interface ParsedRoster {
  people: RosterPerson[];
  problems: Problem[];
  sha256: string;
}

const COLUMNS = ['name', 'email', 'department', 'manager', 'startDate', 'endDate', 'employmentType', 'github', 'aws'] as const;
const REQUIRED = ['name', 'email', 'startDate'];
/** Why lenient headers: HR exports say `Start Date`, `start_date` or `startDate` for the same column. */
const norm = (h: string) => h.toLowerCase().replace(/[\s_-]/g, '');
const BY_NORM = new Map(COLUMNS.map((c) => [norm(c), c]));
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Reads and validates a roster export (CSV or JSON). Problems name file:line:col and the column. */
export function parseRoster(path: string, shown = path): ParsedRoster {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    return {
      people: [],
      sha256: '',
      problems: [
        {
          file: shown,
          line: 1,
          col: 1,
          pointer: '',
          message: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'roster file not found' : (err as Error).message,
        },
      ],
    };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const rows = /\.json$/i.test(path) ? jsonRows(text, shown) : csvRows(text, shown);
  const problems = [...rows.problems];
  const people: RosterPerson[] = [];
  const seen = new Map<string, number>();
  for (const row of rows.rows) {
    const bad = (col: string, message: string, hint?: string) => problems.push({ ...row.at(col), pointer: col, message, hint });
    const v = (c: string) => (row.values[c] ?? '').trim();
    for (const c of REQUIRED) if (!v(c)) bad(c, `${c} is empty`);
    if (v('email') && !EMAIL.test(v('email'))) bad('email', `expected a work email address, got '${v('email')}'`);
    for (const c of ['startDate', 'endDate']) if (v(c) && !isDate(v(c))) bad(c, `expected a date YYYY-MM-DD, got '${v(c)}'`);
    if (isDate(v('startDate')) && isDate(v('endDate')) && v('endDate') < v('startDate'))
      bad('endDate', `ends (${v('endDate')}) before it starts (${v('startDate')})`);
    const key = `${v('email').toLowerCase()}|${v('startDate')}`;
    if (seen.has(key)) bad('email', `${v('email')} appears twice with the same start date`, `first on line ${seen.get(key)}`);
    seen.set(key, row.line);
    const opt = (c: string) => v(c) || null;
    people.push({
      name: v('name'),
      email: v('email'),
      department: opt('department'),
      manager: opt('manager'),
      startDate: v('startDate'),
      endDate: opt('endDate'),
      employmentType: opt('employmentType'),
      github: opt('github'),
      aws: opt('aws'),
      line: row.line,
    });
  }
  return { people, problems, sha256 };
}

interface Row {
  line: number;
  values: Record<string, string>;
  at(col: string): { file: string; line: number; col: number };
}

function csvRows(text: string, file: string): { rows: Row[]; problems: Problem[] } {
  const { records, problem } = readCsv(text, file);
  if (problem) return { rows: [], problems: [problem] };
  if (records.length === 0) return { rows: [], problems: [{ file, line: 1, col: 1, pointer: '', message: 'the roster is empty (expected a header row)' }] };
  const header = records[0]!.record.map((h) => BY_NORM.get(norm(h)) ?? null);
  const problems: Problem[] = [];
  for (const c of REQUIRED)
    if (!header.includes(c as (typeof COLUMNS)[number]))
      problems.push({
        file,
        line: records[0]!.info.lines,
        col: 1,
        pointer: c,
        message: `the header has no ${c} column`,
        hint: `columns: ${COLUMNS.join(', ')}`,
      });
  const rows = records.slice(1).map(({ record, info }) => {
    const values: Record<string, string> = {};
    header.forEach((h, i) => h && (values[h] = record[i] ?? ''));
    return {
      line: info.lines,
      values,
      at: (col: string) => ({ file, line: info.lines, col: Math.max(1, header.indexOf(col as (typeof COLUMNS)[number]) + 1) }),
    };
  });
  return { rows, problems };
}

function jsonRows(text: string, file: string): { rows: Row[]; problems: Problem[] } {
  const { file: y, problems } = YamlFile.parse(text, file);
  if (!y) return { rows: [], problems };
  if (!Array.isArray(y.value)) return { rows: [], problems: [y.problem('', 'expected a JSON array of people')] };
  const rows = (y.value as unknown[]).map((item, i) => {
    const values: Record<string, string> = {};
    for (const [k, val] of Object.entries(item && typeof item === 'object' ? item : {})) {
      const c = BY_NORM.get(norm(k));
      if (c && val !== null && val !== undefined) values[c] = String(val);
    }
    const line = y.locate(`/${i}`).line;
    return { line, values, at: (col: string) => ({ file, ...y.locate(values[col] !== undefined ? `/${i}/${col}` : `/${i}`) }) };
  });
  return { rows, problems: [] };
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
