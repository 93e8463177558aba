/** SDK models are class instances with Date fields; records need plain JSON with ISO strings. */
export function plain<T = Record<string, unknown>>(model: unknown): T {
  return JSON.parse(JSON.stringify(model ?? null, (k, v) => (k === '_links' || k === '_embedded' ? undefined : v))) as T;
}

/** An ISO string for a Date / string / null field. */
export function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
