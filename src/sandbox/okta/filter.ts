/**
 * The subset of Okta's SCIM-style `filter` / `search` expressions the collector and tests use:
 * `attr op "value"` terms (`eq`, `sw`, `co`, `gt`, `ge`, `lt`, `le`, `pr`) joined by `and` / `or`
 * (and binding tighter than or; parentheses are ignored).
 */
type Pred = (obj: Record<string, unknown>) => boolean;

const TERM = /^\s*([\w.]+)\s+(eq|sw|co|gt|ge|lt|le|pr)(?:\s+(?:"((?:[^"\\]|\\.)*)"|(\S+)))?\s*$/i;

/** Compiles an expression into a predicate; throws on syntax the sandbox does not understand (answered as 400 E0000031). */
export function compileFilter(expr: string): Pred {
  const ors = splitOutside(expr.replace(/[()]/g, ' '), ' or ').map((part) => splitOutside(part, ' and ').map(term));
  return (obj) => ors.some((ands) => ands.every((p) => p(obj)));
}

function term(t: string): Pred {
  const m = TERM.exec(t);
  if (!m) throw new Error(`Invalid search criteria: ${t.trim()}`);
  const path = m[1]!.split('.');
  const op = m[2]!.toLowerCase();
  const want = m[3] ?? m[4] ?? '';
  return (obj) => {
    let v: unknown = obj;
    for (const k of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    if (op === 'pr') return v !== undefined && v !== null;
    if (v === undefined || v === null) return false;
    const s = String(v);
    switch (op) {
      case 'eq':
        return s === want;
      case 'sw':
        return s.startsWith(want);
      case 'co':
        return s.includes(want);
      case 'gt':
        return s > want;
      case 'ge':
        return s >= want;
      case 'lt':
        return s < want;
      default:
        return s <= want;
    }
  };
}

function splitOutside(s: string, sep: string): string[] {
  const out: string[] = [];
  let inQuote = false;
  let start = 0;
  const lower = s.toLowerCase();
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"' && s[i - 1] !== '\\') inQuote = !inQuote;
    else if (!inQuote && lower.startsWith(sep, i)) {
      out.push(s.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(s.slice(start));
  return out;
}
