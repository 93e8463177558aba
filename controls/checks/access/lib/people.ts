import type { RosterLink, RosterPerson } from '../../../../src/evidence/types.generated.js';

/** One `roster.person` record: a row of the HR system of record. */
export type Person = RosterPerson;

/** One `roster.link` record: an explicit account → person mapping from the mapping file. */
export type Link = RosterLink;

const DAY = 86_400_000;

/** YYYY-MM-DD of an instant, UTC. */
export function day(d: Date | string): string {
  return (typeof d === 'string' ? new Date(d) : d).toISOString().slice(0, 10);
}

/** Left: the end date is before the run's day (the last working day still counts as employed). */
export function hasLeft(p: Person, asOf: Date): boolean {
  return Boolean(p.endDate) && p.endDate! < day(asOf);
}

/** Employed today: started and not left. */
export function isCurrent(p: Person, asOf: Date): boolean {
  return p.startDate <= day(asOf) && !hasLeft(p, asOf);
}

/** Whole days between the end date (end of that day) and `asOf`. */
export function daysSince(date: string, asOf: Date): number {
  return Math.floor((asOf.getTime() - (Date.parse(`${date}T00:00:00Z`) + DAY)) / DAY);
}

/**
 * Business days (Mon–Fri, UTC) from the end of `endDate` to `at`, rounded up: removal on the next working
 * day counts 1. Why: the common SOC 2 control is "within one business day of termination".
 */
export function businessDaysAfter(endDate: string, at: string): number {
  const start = Date.parse(`${endDate}T00:00:00Z`) + DAY;
  const end = Date.parse(at);
  if (end <= start) return 0;
  let n = 0;
  for (let t = start; t < end; t += DAY) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) n++;
  }
  return n;
}

/** Person resource name in findings: `person:<email>`. */
export function personResource(p: Person): string {
  return `person:${p.email.toLowerCase()}`;
}
