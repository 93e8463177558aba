import type { ControlResult, Results } from '../engine/results.js';
import { isPassing, worstDay } from './days.js';
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
  /** Days with a verified run, and days judged only by backfilled bundles. */
  readonly hadRun: boolean[];
  readonly backfilled: boolean[];

  /** `only`: control ids to keep (criteria are kept when one of their kept controls maps to them). */
  constructor(
    readonly days: string[],
    private readonly only?: Set<string>,
  ) {
    days.forEach((d, i) => this.index.set(d, i));
    this.hadRun = days.map(() => false);
    this.backfilled = days.map(() => false);
  }

  /**
   * Adds one day: the verified bundles that judge it, oldest first. Each control is judged by the last of
   * them that assessed it (a later partial run does not erase it); a control none of them assessed is
   * `not-assessed`. A criterion is the worst of its controls' cells that day (as the engine rolls up).
   */
  add(day: string, bundles: Results | Results[], opts: { backfilled?: boolean } = {}): void {
    const i = this.index.get(day);
    if (i === undefined) throw new Error(`day ${day} is outside the window`);
    const list = Array.isArray(bundles) ? bundles : [bundles];
    this.hadRun[i] = true;
    this.backfilled[i] = Boolean(opts.backfilled);
    const judged = new Map<string, { control: ControlResult; results: Results }>();
    for (const results of list) for (const c of results.controls) judged.set(c.id, { control: c, results });
    const statusOf = new Map<string, DayStatus>();
    for (const [id, { control: c, results }] of judged) {
      const status = controlDayStatus(c);
      statusOf.set(id, status);
      if (this.only && !this.only.has(id)) continue;
      const t = this.control(id);
      Object.assign(t, { title: c.title, owner: c.owner, criteria: c.criteria });
      t.row[i] = status;
      if (opts.backfilled) continue;
      t.episodes.observe(
        day,
        status,
        c,
        (results.checks ?? []).filter((k) => k.control === id),
      );
      this.freshness.observe(day, c);
    }
    const mapped = new Map<string, { title: string; controls: Set<string> }>();
    for (const results of list) {
      for (const k of results.criteria ?? []) {
        // An uncovered criterion has no control to observe: its cell stays empty rather than pretending a verdict.
        if (k.status === 'uncovered') continue;
        const e = mapped.get(k.id) ?? { title: k.title, controls: new Set<string>() };
        for (const id of k.controls) e.controls.add(id);
        mapped.set(k.id, e);
      }
    }
    for (const [id, k] of mapped) {
      if (this.only && ![...k.controls].some((c) => this.only!.has(c))) continue;
      const cells = [...k.controls].map((c) => statusOf.get(c)).filter((s): s is DayStatus => s !== undefined);
      if (cells.length === 0) continue;
      this.criterion(id, k.title).row[i] = worstDay(cells);
    }
  }

  finish(): { controls: ControlHistory[]; criteria: CriterionHistory[]; lateEvidence: EvidenceLapse[] } {
    const end = this.days[this.days.length - 1] ?? '';
    // A day with a run that did not assess a control is not a collection gap for it.
    for (const t of [...this.controls.values(), ...this.criteria.values()]) {
      t.row.forEach((s, i) => {
        if (s === 'gap' && this.hadRun[i]) t.row[i] = 'not-assessed';
      });
    }
    const controls = [...this.controls.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((t) => ({
        id: t.id,
        title: t.title,
        ...(t.owner ? { owner: t.owner } : {}),
        criteria: t.criteria,
        ...operatingStats(t.row, this.backfilled),
        days: t.row,
        episodes: t.episodes.finish(this.days, t.row),
      }));
    const criteria = [...this.criteria.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((t) => ({ id: t.id, title: t.title, ...operatingStats(t.row, this.backfilled), days: t.row }));
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

/**
 * Counts of a row of day cells (one cell per day, whatever the number of bundles); the operating rate is
 * passing / observed, one decimal. Backfilled days are counted apart only.
 */
export function operatingStats(row: DayStatus[], backfilled: boolean[] = []): OperatingStats {
  const onTime = row.filter((_, i) => !backfilled[i]);
  const observed = onTime.filter((s) => s !== 'gap' && s !== 'not-assessed');
  const passing = observed.filter(isPassing).length;
  return {
    daysObserved: observed.length,
    daysPassing: passing,
    daysExcepted: observed.filter((s) => s === 'excepted').length,
    daysFailing: observed.filter((s) => s === 'fail').length,
    daysError: observed.filter((s) => s === 'error').length,
    daysManual: observed.filter((s) => s === 'manual').length,
    daysNotAssessed: onTime.filter((s) => s === 'not-assessed').length,
    daysBackfilled: row.filter((s, i) => backfilled[i] && s !== 'gap').length,
    operatingRate: observed.length ? Math.round((passing / observed.length) * 1000) / 10 : null,
  };
}
