import type { CheckResult, ControlResult } from '../engine/results.js';
import { isPassing, spanDays, worstDay } from './days.js';
import type { DayStatus, Episode, EpisodeException } from './model.js';

/** Findings kept per episode; `findingsTotal` says how many there were. */
export const MAX_EPISODE_FINDINGS = 100;

/** How a control's day status is read from a results file. */
export function controlDayStatus(c: ControlResult): DayStatus {
  // A pass that only holds because exceptions covered failing findings is shown apart (audit judgement).
  return c.status === 'pass' && c.excepted > 0 ? 'excepted' : c.status;
}

/** What made a control non-passing on one day: failing findings, else excepted ones, else errors, else manual items. */
export function causesOf(control: ControlResult, checks: CheckResult[]): Array<{ check: string; resource: string; reason: string }> {
  const failing = checks.flatMap((c) => c.findings.filter((f) => f.status === 'fail').map((f) => ({ check: c.check, resource: f.resource, reason: f.reason })));
  if (failing.length) return failing;
  const excepted = checks.flatMap((c) => c.findings.filter((f) => f.excepted).map((f) => ({ check: c.check, resource: f.resource, reason: f.reason })));
  if (excepted.length) return excepted;
  const errors = checks.flatMap((c) => c.errors.map((e) => ({ check: c.check, resource: `${e.type} ${e.scope}`, reason: `${e.cause}: ${e.message}` })));
  if (errors.length) return errors;
  return control.manual.map((m) => ({ check: 'manual', resource: m.id, reason: `${m.description} is ${m.state}${m.due ? ` (due ${m.due})` : ''}` }));
}

/**
 * Builds a control's failure episodes day by day (days must arrive in order). A passing observed day
 * closes the open episode; a gap neither closes nor extends it (it is counted at the end).
 */
export class EpisodeTracker {
  readonly episodes: Episode[] = [];
  private open?: {
    ep: Episode;
    exceptions: Map<string, EpisodeException & { lastDay?: string }>;
    causes: Map<string, Episode['findings'][number]>;
    seen: Set<string>;
  };

  observe(day: string, status: DayStatus, control: ControlResult, checks: CheckResult[]): void {
    if (status === 'gap' || status === 'not-assessed') return;
    if (isPassing(status) && status !== 'excepted') {
      if (this.open) this.open.ep.resolvedOn = day;
      this.open = undefined;
      return;
    }
    if (!this.open) {
      const ep: Episode = {
        start: day,
        end: day,
        days: 1,
        status: status as Episode['status'],
        counts: { fail: 0, error: 0, manual: 0, excepted: 0, gap: 0 },
        resolvedOn: null,
        findings: [],
        findingsTotal: 0,
        exceptions: [],
      };
      this.episodes.push(ep);
      this.open = { ep, exceptions: new Map(), causes: new Map(), seen: new Set() };
    }
    const { ep, exceptions, causes, seen } = this.open;
    // Every day's causes: one seen before keeps its place and takes the day's reason (missing → stale), a new
    // one is added; the list is capped, the total counts them all.
    for (const cause of causesOf(control, checks)) {
      const key = `${cause.check}\u0000${cause.resource}`;
      const known = causes.get(key);
      if (known) {
        known.reason = cause.reason;
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      ep.findingsTotal++;
      if (ep.findings.length >= MAX_EPISODE_FINDINGS) continue;
      const entry = { ...cause };
      causes.set(key, entry);
      ep.findings.push(entry);
    }
    ep.end = day;
    ep.status = worstDay([ep.status, status]) as Episode['status'];
    ep.counts[status as keyof Episode['counts']]++;
    for (const c of checks) {
      for (const f of c.findings) {
        // An expired exception no longer covers anything (the finding fails): it is not listed as covering.
        if (!f.excepted || f.excepted.expired) continue;
        const x = f.excepted;
        const key = `${x.ticket}\u0000${x.reason}\u0000${x.expires}`;
        let e = exceptions.get(key);
        if (!e) {
          e = { ticket: x.ticket, reason: x.reason, approvedBy: x.approvedBy, expires: x.expires, resources: [], days: 0 };
          exceptions.set(key, e);
          ep.exceptions.push(e);
        }
        if (!e.resources.includes(f.resource)) e.resources.push(f.resource);
        if (e.lastDay !== day) {
          e.days++;
          e.lastDay = day;
        }
      }
    }
  }

  /** Completes durations and gap counts from the row of day cells. */
  finish(days: string[], row: DayStatus[]): Episode[] {
    for (const ep of this.episodes) {
      ep.days = spanDays(ep.start, ep.end);
      const from = days.indexOf(ep.start);
      ep.counts.gap = row.slice(from, from + ep.days).filter((s) => s === 'gap').length;
      for (const e of ep.exceptions) delete (e as { lastDay?: string }).lastDay;
    }
    return this.episodes;
  }
}
