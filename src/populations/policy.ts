/**
 * What soc2 knows about each provider's event populations: how long the provider keeps them, how late an event can
 * show up after it happened (the overlap an incremental read goes back by), and the provider's own event id that
 * makes one row per event.
 */
const MINUTE = 60_000;
export const DAY = 86_400_000;

export interface PopulationPolicy {
  /** Days the provider keeps events queryable; undefined = for as long as the objects exist. */
  retentionDays?: number;
  /** How far before the previous bundle's `to` an incremental read starts again. */
  overlapMs: number;
  /** The provider's event id, in words, for headers. */
  keyName: string;
  /** The provider's id of one event (one row per distinct key); undefined when the record has none. */
  id(data: Record<string, unknown>): string | undefined;
}

const CLOUDTRAIL: PopulationPolicy = {
  // Why 90 days: LookupEvents answers only the last 90 days of management events.
  retentionDays: 90,
  // Why 15 minutes: CloudTrail makes an event available on average about 5 minutes after the call, and does not
  // guarantee it; three times the average leaves a margin, and an event read twice is one row (by EventId).
  overlapMs: 15 * MINUTE,
  keyName: 'EventId',
  id: (d) => str(d.eventId),
};

const OKTA_LOG: PopulationPolicy = {
  // Why 90 days: the System Log API keeps events for 90 days.
  retentionDays: 90,
  // Why 5 minutes: System Log events are queryable within seconds, occasionally a few minutes late.
  overlapMs: 5 * MINUTE,
  keyName: 'uuid',
  id: (d) => str(d.uuid),
};

const GITHUB_PR: PopulationPolicy = {
  // Merged pull requests are read by merge time, which GitHub sets when the merge happens; 5 minutes covers clock skew.
  overlapMs: 5 * MINUTE,
  keyName: 'repository and number',
  id: (d) => (d.repo !== undefined && d.number !== undefined ? `${String(d.repo)}#${String(d.number)}` : undefined),
};

const GENERIC: PopulationPolicy = {
  overlapMs: 0,
  keyName: 'the whole record',
  id: () => undefined,
};

/** The key of one event: the provider's id, or (a record without one) the record itself. */
export function eventKey(policy: PopulationPolicy, data: Record<string, unknown>): string {
  return policy.id(data) ?? JSON.stringify(data);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

export function policyOf(type: string): PopulationPolicy {
  if (type === 'aws.cloudtrail.event') return CLOUDTRAIL;
  if (type.startsWith('okta.log.')) return OKTA_LOG;
  if (type === 'github.pr.merged') return GITHUB_PR;
  return GENERIC;
}

/** A half-open stretch of time `[from, to)`, ISO-8601. */
export interface Interval {
  from: string;
  to: string;
}

/** The observation window a run judges: period start up to as-of (or the end of the period's last day). */
export function observationWindow(period: { start: string; end: string }, asOf: Date): Interval {
  const start = Date.parse(`${period.start}T00:00:00Z`);
  const end = Math.min(Date.parse(`${period.end}T00:00:00Z`) + DAY, asOf.getTime());
  return { from: new Date(start).toISOString(), to: new Date(Math.max(start, end)).toISOString() };
}

/** The earliest time the provider still answers for at `asOf` (its retention horizon), or undefined. */
export function retentionStart(type: string, asOf: Date): number | undefined {
  const days = policyOf(type).retentionDays;
  return days === undefined ? undefined : asOf.getTime() - days * DAY;
}

/**
 * What a collector reads for one population scope: the window, starting at `resumeFrom` (an incremental read,
 * already less the overlap) when given, and never before the provider's retention horizon.
 */
export function readInterval(type: string, period: { start: string; end: string }, asOf: Date, resumeFrom?: string): { from: Date; to: Date } {
  const w = observationWindow(period, asOf);
  let from = Date.parse(w.from);
  if (resumeFrom !== undefined) from = Math.max(from, Date.parse(resumeFrom));
  const horizon = retentionStart(type, asOf);
  if (horizon !== undefined) from = Math.max(from, horizon);
  const to = Date.parse(w.to);
  return { from: new Date(Math.min(from, to)), to: new Date(to) };
}

/** Sorted, merged union of intervals (touching or overlapping ones join). */
export function union(list: Interval[]): Interval[] {
  const sorted = list.filter((i) => i.from < i.to).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to) {
      if (i.to > last.to) last.to = i.to;
    } else out.push({ ...i });
  }
  return out;
}

/** The parts of `window` that `covered` leaves out. */
export function holesIn(window: Interval, covered: Interval[]): Interval[] {
  const out: Interval[] = [];
  let at = window.from;
  for (const c of union(covered)) {
    if (c.to <= at) continue;
    if (c.from >= window.to) break;
    if (c.from > at) out.push({ from: at, to: c.from });
    if (c.to > at) at = c.to;
  }
  if (at < window.to) out.push({ from: at, to: window.to });
  return out;
}

/** Intervals clipped to a window. */
export function clip(list: Interval[], window: Interval): Interval[] {
  return union(list.map((i) => ({ from: i.from > window.from ? i.from : window.from, to: i.to < window.to ? i.to : window.to })));
}

/** `2026-09-01T00:00:00.000Z` → `2026-09-01T00:00Z`: short and exact enough for headers and messages. */
export function short(iso: string): string {
  return iso.replace(/:00\.000Z$/, 'Z').replace(/\.\d{3}Z$/, 'Z');
}

export function formatInterval(i: Interval): string {
  return `[${short(i.from)}, ${short(i.to)})`;
}
