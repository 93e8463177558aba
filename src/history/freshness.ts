import type { ControlResult } from '../engine/results.js';
import { spanDays } from './days.js';
import type { EvidenceLapse } from './model.js';

/**
 * Follows each control's manual evidence (results `controls[].manual`) across the days of the window:
 * a lapse runs from the first day an item is reported missing/stale to the first observed day it is
 * not. The cadence and grace period are applied by the engine when it computes `due`; history only
 * reads what each sealed run recorded, so it never second-guesses a past verdict.
 */
export class FreshnessTracker {
  private readonly open = new Map<string, EvidenceLapse>();
  private readonly closed: EvidenceLapse[] = [];

  observe(day: string, control: ControlResult): void {
    const seen = new Set<string>();
    for (const m of control.manual ?? []) {
      const key = `${control.id}\u0000${m.id}`;
      seen.add(key);
      const lapse = this.open.get(key);
      if (lapse) {
        lapse.lastSeen = day;
        lapse.state = m.state;
        lapse.due = m.due ?? lapse.due;
      } else {
        this.open.set(key, {
          control: control.id,
          item: m.id,
          description: m.description,
          state: m.state,
          ...(m.due ? { due: m.due } : {}),
          firstSeen: day,
          lastSeen: day,
          resolvedOn: null,
          daysLate: 0,
        });
      }
    }
    for (const [key, lapse] of this.open) {
      if (lapse.control !== control.id || seen.has(key)) continue;
      lapse.resolvedOn = day;
      this.closed.push(lapse);
      this.open.delete(key);
    }
  }

  /** Lapses in order of first sighting, with how late each was by `end` (the window's last day). */
  finish(end: string): EvidenceLapse[] {
    const all = [...this.closed, ...this.open.values()];
    for (const l of all) {
      const from = (l.due ?? l.firstSeen).slice(0, 10);
      const until = l.resolvedOn ?? end;
      l.daysLate = Math.max(0, spanDays(from, until) - 1);
    }
    return all.sort((a, b) => (a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : a.control < b.control ? -1 : 1));
  }
}
