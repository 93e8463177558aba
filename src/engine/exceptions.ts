import type { ExceptionSpec } from '../config/config.js';
import type { Finding } from '../types.js';
import type { ExceptionUse } from './results.js';

type PreparedUse = ExceptionUse & { match: (r: string) => boolean };

/**
 * Applies approved exceptions to one check's findings: a failing finding matched by a live exception
 * becomes `pass` with `excepted` set; one matched only by an expired exception stays `fail` and says so.
 * An exception is live through the whole day of its `expires` date (UTC). Every exception counts the failing
 * findings it matched (`matched`, live or expired), so one that matches nothing can be reported.
 */
export function applyExceptions(findings: Finding[], control: string, check: string, uses: PreparedUse[], asOf: Date): Finding[] {
  const today = asOf.toISOString().slice(0, 10);
  return findings.map((f) => {
    if (f.status !== 'fail') return f;
    const candidates = uses.filter((u) => u.control === control && (!u.check || u.check === check) && u.match(f.resource));
    for (const u of candidates) u.matched = (u.matched ?? 0) + 1;
    const live = candidates.find((u) => u.expires >= today);
    if (live) {
      live.covered++;
      return { ...f, status: 'pass', excepted: ref(live) };
    }
    const expired = candidates[0];
    if (expired)
      return { ...f, reason: `${f.reason} (exception ${expired.ticket} expired on ${expired.expires})`, excepted: { ...ref(expired), expired: true } };
    return f;
  });
}

export function prepareExceptions(specs: ExceptionSpec[]): PreparedUse[] {
  return specs.map((s) => ({ ...s, covered: 0, matched: 0, match: resourceMatcher(s.resource) }));
}

/**
 * An exception's resource pattern. Resources are identifiers, not paths: `*` matches any run of characters,
 * `/` included (`arn:aws:iam::123456789012:role/*` matches `…:role/service-role/x`), `?` matches one character,
 * `{a,b}` either alternative and `[abc]` one of a set; everything else is literal, and the whole resource must match.
 */
export function resourceMatcher(pattern: string): (resource: string) => boolean {
  let re = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) re += escape(pattern[++i]!);
    else if (ch === '*') {
      while (pattern[i + 1] === '*') i++;
      re += '.*';
    } else if (ch === '?') re += '.';
    else if (ch === '{') {
      depth++;
      re += '(?:';
    } else if (ch === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (ch === ',' && depth > 0) re += '|';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += escape(ch);
  }
  re += ')'.repeat(depth);
  const compiled = new RegExp(`^${re}$`, 's');
  return (r) => compiled.test(r);
}

function escape(ch: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * Exceptions that matched no failing finding of their control in this run, among controls that were judged
 * (an erroring or unassessed control has no findings to match): a wrong pattern, or a gap that was fixed.
 */
export function unmatchedExceptions(results: { exceptions: ExceptionUse[]; controls: Array<{ id: string; status: string }> }): ExceptionUse[] {
  const judged = new Set(results.controls.filter((c) => c.status !== 'error').map((c) => c.id));
  return results.exceptions.filter((e) => judged.has(e.control) && e.matched === 0);
}

function ref(u: ExceptionUse): NonNullable<Finding['excepted']> {
  return { reason: u.reason, approvedBy: u.approvedBy, ticket: u.ticket, expires: u.expires };
}
