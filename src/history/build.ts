import type { CheckResult, Results } from '../engine/results.js';
import { isPassing } from './days.js';
import { controlDayStatus, EpisodeTracker } from './episodes.js';
import { FreshnessTracker } from './freshness.js';
import type { ControlHistory, CriterionHistory, DayStatus, EvidenceLapse, OperatingStats } from './model.js';

interface ControlTrack {
  id: string;
  title: string;
  owner?: string;
  criteria: string[];
  row: DayStatus[];
  episodes: EpisodeTracker;
}

interface CriterionTrack {
  id: string;
  title: string;
  row: DayStatus[];
}

/**
 * Accumulates day cells, episodes and evidence lapses from one results file per day, in day order.
 * Only compact state is kept (a status per day, the open episodes): results files are dropped after `add`.
 */
export class HistoryBuilder {
  private readonly index = new Map<string, number>();
  private readonly controls = new Map<string, ControlTrack>();
  private readonly criteria = new Map<string, CriterionTrack>();
  private readonly freshness = new FreshnessTracker();

  /** `only`: control ids to keep (criteria are kept when one of their kept controls maps to them). */
  constructor(
    readonly days: string[],
    private readonly only?: Set<string>,
  ) {
    days.forEach((d, i) => this.index.set(d, i));
  }

  add(day: string, results: Results): void {
    const i = this.index.get(day);
    if (i === undefined) throw new Error(`day ${day} is outside the window`);
    const checksOf = new Map<string, CheckResult[]>();
    for (const c of results.checks ?? []) checksOf.set(c.control, [...(checksOf.get(c.control) ?? []), c]);
    const statusOf = new Map<string, DayStatus>();
    for (const c of results.controls) {
      const status = controlDayStatus(c);
      statusOf.set(c.id, status);
      if (this.only && !this.only.has(c.id)) continue;
      const t = this.control(c.id);
      Object.assign(t, { title: c.title, owner: c.owner, criteria: c.criteria });
      t.row[i] = status;
      t.episodes.observe(day, status, c, checksOf.get(c.id) ?? []);
      this.freshness.observe(day, c);
    }
    for (const k of results.criteria ?? []) {
      // An uncovered criterion has no control to observe: its cell stays empty rather than pretending a verdict.
      if (k.status === 'uncovered') continue;
      if (this.only && !k.controls.some((id) => this.only!.has(id))) continue;
      const t = this.criterion(k.id, k.title);
      t.row[i] = k.status === 'pass' && k.controls.some((id) => statusOf.get(id) === 'excepted') ? 'excepted' : k.status;
    }
  }

  finish(): { controls: ControlHistory[]; criteria: CriterionHistory[]; lateEvidence: EvidenceLapse[] } {
    const end = this.days[this.days.length - 1] ?? '';
    const controls = [...this.controls.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((t) => ({
        id: t.id,
        title: t.title,
        ...(t.owner ? { owner: t.owner } : {}),
        criteria: t.criteria,
        ...operatingStats(t.row),
        days: t.row,
        episodes: t.episodes.finish(this.days, t.row),
      }));
    const criteria = [...this.criteria.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((t) => ({ id: t.id, title: t.title, ...operatingStats(t.row), days: t.row }));
    return { controls, criteria, lateEvidence: this.freshness.finish(end) };
  }

  private control(id: string): ControlTrack {
    let t = this.controls.get(id);
    if (!t) {
      t = { id, title: id, criteria: [], row: this.days.map(() => 'gap'), episodes: new EpisodeTracker() };
      this.controls.set(id, t);
    }
    return t;
  }

  private criterion(id: string, title: string): CriterionTrack {
    let t = this.criteria.get(id);
    if (!t) {
      t = { id, title, row: this.days.map(() => 'gap') };
      this.criteria.set(id, t);
    }
    return t;
  }
}

/** Counts of a row of day cells; the operating rate is passing / observed, one decimal. */
export function operatingStats(row: DayStatus[]): OperatingStats {
  const observed = row.filter((s) => s !== 'gap');
  const passing = observed.filter(isPassing).length;
  return {
    daysObserved: observed.length,
    daysPassing: passing,
    daysExcepted: observed.filter((s) => s === 'excepted').length,
    daysFailing: observed.filter((s) => s === 'fail').length,
    daysError: observed.filter((s) => s === 'error').length,
    daysManual: observed.filter((s) => s === 'manual').length,
    operatingRate: observed.length ? Math.round((passing / observed.length) * 1000) / 10 : null,
  };
}
