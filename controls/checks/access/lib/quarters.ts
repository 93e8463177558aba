/** `2026Q3` → its first and last day (UTC, YYYY-MM-DD); undefined when malformed. */
export function quarterRange(q: string): { start: string; end: string } | undefined {
  const m = /^(\d{4})Q([1-4])$/.exec(q);
  if (!m) return undefined;
  const y = Number(m[1]);
  const n = Number(m[2]);
  const start = new Date(Date.UTC(y, (n - 1) * 3, 1));
  const end = new Date(Date.UTC(y, n * 3, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/** The quarter an instant falls in: `2026Q3`. */
export function quarterOf(d: Date | string): string {
  const t = typeof d === 'string' ? new Date(d) : d;
  return `${t.getUTCFullYear()}Q${Math.floor(t.getUTCMonth() / 3) + 1}`;
}

/** The quarter before `q`. */
export function previousQuarter(q: string): string {
  const y = Number(q.slice(0, 4));
  const n = Number(q.slice(5));
  return n === 1 ? `${y - 1}Q4` : `${y}Q${n - 1}`;
}

/**
 * The last `count` quarters whose review is due by `asOf`: a quarter's review is due `graceDays` after it ends.
 * Why a grace: reviews of a quarter's population are commonly signed off in the first weeks of the next one.
 */
export function dueQuarters(asOf: Date, count: number, graceDays: number): string[] {
  const out: string[] = [];
  let q = quarterOf(asOf);
  for (let i = 0; i < 12 && out.length < count; i++) {
    const r = quarterRange(q)!;
    if (Date.parse(`${r.end}T00:00:00Z`) + (graceDays + 1) * 86_400_000 <= asOf.getTime()) out.push(q);
    q = previousQuarter(q);
  }
  return out.reverse();
}
