import type { Status } from '../types.js';

/**
 * The status of one control (or criterion) on one UTC day: its status in the last verified bundle of
 * that day that assessed it (a partial run, `--only github`, does not erase what an earlier run of the
 * day judged); `excepted` when it passed only because exceptions covered failing findings;
 * `not-assessed` when the day had a verified run but none assessed the control (its source was not
 * collected); `gap` when the day had no verified run (never carried forward from another day).
 */
export type DayStatus = Status | 'excepted' | 'not-assessed' | 'gap';

/** Every cell value, worst first (the order week cells and episodes roll up by). */
export const DAY_STATUSES: DayStatus[] = ['fail', 'error', 'manual', 'excepted', 'pass', 'not-applicable', 'not-assessed', 'gap'];

/**
 * `soc2 history --json`: schema version 1. Arrays of day cells are aligned with `window.days`.
 * Dates are `YYYY-MM-DD` (UTC days); durations are calendar days, both ends included.
 */
export interface HistoryReport {
  schemaVersion: 1;
  window: { from: string; to: string; days: string[] };
  bundles: {
    /** Bundles in the window that verified. */
    read: number;
    /** The bundle each day was judged by (the last verified one of that day); null = collection gap. */
    used: Array<string | null>;
    /**
     * Days judged only by bundles sealed with `--backfill` (collected later than the day they describe): such a
     * day is not a day with a run, its verdicts are shown but not counted as observed, and a gap stays a gap.
     */
    backfilled: boolean[];
    /** Bundles that failed verification: never used, their day is a gap unless another bundle covers it. */
    excluded: ExcludedBundle[];
  };
  controls: ControlHistory[];
  criteria: CriterionHistory[];
  /** Manual evidence that was missing or stale past its due date during the window. */
  lateEvidence: EvidenceLapse[];
  summary: HistorySummary;
  /** Present with `--rescore`: where re-evaluation with the current control map changes a day's verdict. */
  rescore?: RescoreReport;
}

export interface ExcludedBundle {
  bundle: string;
  day: string;
  problems: string[];
}

/**
 * Observed/passing day counts: each counts days, however many bundles a day has. `passing` counts pass,
 * excepted and not-applicable days. Backfilled days are counted apart and in nothing else.
 */
export interface OperatingStats {
  daysObserved: number;
  daysPassing: number;
  daysExcepted: number;
  daysFailing: number;
  daysError: number;
  daysManual: number;
  /** Days with a verified run that did not assess the control (its source was not collected). */
  daysNotAssessed: number;
  /** Days whose verdict comes only from a backfilled bundle (not counted as observed). */
  daysBackfilled: number;
  /** daysPassing / daysObserved × 100, one decimal; null when never observed. */
  operatingRate: number | null;
}

export interface ControlHistory extends OperatingStats {
  id: string;
  title: string;
  owner?: string;
  criteria: string[];
  days: DayStatus[];
  episodes: Episode[];
}

export interface CriterionHistory extends OperatingStats {
  id: string;
  title: string;
  days: DayStatus[];
}

/**
 * A maximal run of observed days on which the control was not cleanly passing (fail, error, manual or
 * excepted), ended by the next observed passing day. Gap days inside it are counted, not judged.
 */
export interface Episode {
  start: string;
  /** Last non-passing observed day. */
  end: string;
  /** Calendar days from start to end, both included. */
  days: number;
  /** Worst status during the episode. */
  status: Exclude<DayStatus, 'pass' | 'not-applicable' | 'not-assessed' | 'gap'>;
  counts: { fail: number; error: number; manual: number; excepted: number; gap: number };
  /** First observed passing day after the episode; null when still open at the window's end. */
  resolvedOn: string | null;
  /**
   * What caused it: failing findings, else excepted findings, else collection errors, else manual items; a
   * cause seen again later carries its latest reason (a document missing, then stale, says stale).
   */
  findings: Array<{ check: string; resource: string; reason: string }>;
  /** How many causes there were (at most 100 are listed). */
  findingsTotal: number;
  /** Exceptions that covered findings of this control during the episode. */
  exceptions: EpisodeException[];
  /** The tracking issue `soc2 remediate` opened, re-opened or closed during the episode (evidence/remediation.json). */
  issue?: { url: string; number: number; actions: Array<{ action: 'opened' | 'reopened' | 'closed'; day: string }> };
}

export interface EpisodeException {
  ticket: string;
  reason: string;
  approvedBy: string;
  expires: string;
  resources: string[];
  /** Days of the episode on which it covered at least one finding. */
  days: number;
}

export interface EvidenceLapse {
  control: string;
  item: string;
  description: string;
  state: 'missing' | 'stale';
  /** When it was due, as recorded by the run (cadence and grace already applied); absent when never on file. */
  due?: string;
  firstSeen: string;
  lastSeen: string;
  /** First observed day it was no longer missing/stale; null when still open at the window's end. */
  resolvedOn: string | null;
  /** Days from `due` (or firstSeen) to resolvedOn (or the window's end). */
  daysLate: number;
}

export interface HistorySummary {
  daysInWindow: number;
  /** Days with an on-time verified run (backfilled days are not). */
  daysWithRun: number;
  /** Days judged only by backfilled bundles. */
  daysBackfilled: number;
  /** Longest run of days without an on-time run (a backfilled day does not close a gap). */
  longestGap: { start: string; end: string; days: number } | null;
  /** Controls observed passing at least once and never failing (a control manual every day never operated). */
  controlsNeverFailed: string[];
  /** Controls whose last observed day in the window is fail, error or manual. */
  openAtEnd: Array<{ control: string; status: DayStatus; since: string }>;
}

export interface RescoreReport {
  bundlesRescored: number;
  /** `absent`: the control is not in that control map (removed since, or added since). */
  changes: Array<{ day: string; bundle: string; control: string; stored: DayStatus | 'absent'; rescored: DayStatus | 'absent' }>;
  controls: Array<{ id: string; storedRate: number | null; rescoredRate: number | null; daysChanged: number }>;
}
