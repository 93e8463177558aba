import { DAY_STATUSES, type DayStatus } from './model.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar days from `a` to `b`, both included (1 when equal). */
export function spanDays(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / MS_PER_DAY) + 1;
}

/** Every day from `from` to `to`, both included. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Worst of a set of cells; `gap` only when every cell is a gap (a week with one run is not a gap). */
export function worstDay(cells: DayStatus[]): DayStatus {
  for (const s of DAY_STATUSES) if (s !== 'gap' && cells.includes(s)) return s;
  return 'gap';
}

/** Days that count as the control operating: pass, excepted (shown apart) and not-applicable. */
export function isPassing(s: DayStatus): boolean {
  return s === 'pass' || s === 'excepted' || s === 'not-applicable';
}

/** One column of the rendered grid: a day, or a week of days when the window is long. */
export interface GridColumn {
  start: string;
  end: string;
  /** Index range into `window.days`, end excluded. */
  from: number;
  to: number;
}

/** Windows longer than this are drawn per week (the JSON keeps every day). */
export const DAILY_GRID_MAX_DAYS = 60;

/** Columns for the grid: one per day, or 7-day weeks counted from the window's first day. */
export function gridColumns(days: string[]): GridColumn[] {
  const size = days.length > DAILY_GRID_MAX_DAYS ? 7 : 1;
  const cols: GridColumn[] = [];
  for (let i = 0; i < days.length; i += size) {
    const to = Math.min(i + size, days.length);
    cols.push({ start: days[i]!, end: days[to - 1]!, from: i, to });
  }
  return cols;
}

/** The cells of one row under the given columns. */
export function gridCells(row: DayStatus[], cols: GridColumn[]): DayStatus[] {
  return cols.map((c) => worstDay(row.slice(c.from, c.to)));
}
