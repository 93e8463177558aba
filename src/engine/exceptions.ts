import picomatch from 'picomatch';
import type { ExceptionSpec } from '../config/config.js';
import type { Finding } from '../types.js';
import type { ExceptionUse } from './results.js';

/**
 * Applies approved exceptions to one check's findings: a failing finding matched by a live exception
 * becomes `pass` with `excepted` set; one matched only by an expired exception stays `fail` and says so.
 * An exception is live through the whole day of its `expires` date (UTC).
 */
export function applyExceptions(findings: Finding[], control: string, check: string, uses: Array<ExceptionUse & { match: (r: string) => boolean }>, asOf: Date): Finding[] {
  const today = asOf.toISOString().slice(0, 10);
  return findings.map((f) => {
    if (f.status !== 'fail') return f;
    const candidates = uses.filter((u) => u.control === control && (!u.check || u.check === check) && u.match(f.resource));
    const live = candidates.find((u) => u.expires >= today);
    if (live) {
      live.covered++;
      return { ...f, status: 'pass', excepted: ref(live) };
    }
    const expired = candidates[0];
    if (expired) return { ...f, reason: `${f.reason} (exception ${expired.ticket} expired on ${expired.expires})`, excepted: { ...ref(expired), expired: true } };
    return f;
  });
}

export function prepareExceptions(specs: ExceptionSpec[]): Array<ExceptionUse & { match: (r: string) => boolean }> {
  return specs.map((s) => ({ ...s, covered: 0, match: picomatch(s.resource, { dot: true, nocase: false }) }));
}

function ref(u: ExceptionUse): NonNullable<Finding['excepted']> {
  return { reason: u.reason, approvedBy: u.approvedBy, ticket: u.ticket, expires: u.expires };
}
