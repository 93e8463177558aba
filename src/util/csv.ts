import { parse } from 'csv-parse/sync';
import type { Problem } from './problems.js';

/**
 * One RFC 4180 cell. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets
 * a leading apostrophe (OWASP CSV injection); numbers stay numbers. The raw records keep the original.
 */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** One parsed CSV record and the line it starts on (1-based, as csv-parse counts). */
export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Parses an input CSV file (roster, vendor register, review worksheet, grant tickets): rows may differ in length
 * (a short row is the reader's to judge, by column), blank lines are skipped, and a leading byte-order mark (what
 * spreadsheets save) is dropped so the first header cell reads as written. Malformed CSV is one problem naming its line.
 */
export function readCsv(text: string, file: string): { records: CsvRecord[]; problem?: Problem } {
  try {
    return { records: parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown as CsvRecord[] };
  } catch (err) {
    return { records: [], problem: { file, line: (err as { lines?: number }).lines ?? 1, col: 1, pointer: '', message: `CSV: ${(err as Error).message}` } };
  }
}
