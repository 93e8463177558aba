import type { Results } from '../engine/results.js';
import { HistoryBuilder } from './build.js';
import { dayRange, isPassing } from './days.js';
import type { ControlHistory, DayStatus, HistoryReport, HistorySummary, RescoreReport } from './model.js';
import { datedBundles, scanWindow } from './scan.js';
import type { ManifestCheck } from './integrity.js';
import { markRemediated } from './remediated.js';

/** Re-evaluates one stored bundle with the current control map; never writes into the bundle. */
export type Rescorer = (bundleDir: string) => Promise<Results>;

export interface HistoryOptions {
  evidenceDir: string;
  /** First and last UTC day (YYYY-MM-DD); default: the days of the first and last sealed bundle. */
  from?: string;
  to?: string;
  /** Only these control ids. */
  controls?: string[];
  rescore?: Rescorer;
  /** Bundle verification (default: re-hash every file); soc2 pack passes the results of its own verification. */
  verify?: (dir: string) => Promise<ManifestCheck>;
  /**
   * `none`: read each day's verdicts without any finding (episodes then list no causes). For callers that need only
   * the day statuses and streaks (the owners' section under every gap table), so a large estate's results files are
   * not held; default `kept`: failing and excepted findings.
   */
  findings?: 'kept' | 'none';
  /**
   * Link failure episodes to the issues `soc2 remediate` recorded in `remediation.json` (soc2 history). Off for
   * the pack: it is built from sealed bundles alone, and that file is an index beside them, not evidence.
   */
  remediation?: boolean;
}

/** Operating history of the controls over a window, from the sealed bundles alone. */
export async function readHistory(opts: HistoryOptions): Promise<HistoryReport> {
  const { from, to } = await resolveWindow(opts);
  const days = from && to && from <= to ? dayRange(from, to) : [];
  const only = opts.controls?.length ? new Set(opts.controls) : undefined;
  const stored = new HistoryBuilder(days, only);
  const rescored = opts.rescore ? new HistoryBuilder(days, only) : undefined;
  const used: Array<string | null> = days.map(() => null);
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const backfilled: boolean[] = days.map(() => false);
  const scan = days.length
    ? await scanWindow(
        opts.evidenceDir,
        days[0]!,
        days[days.length - 1]!,
        async (d) => {
          const i = dayIndex.get(d.day)!;
          used[i] = d.bundles[d.bundles.length - 1]!.bundle;
          backfilled[i] = d.backfilled;
          stored.add(
            d.day,
            d.bundles.map((b) => b.results),
            { backfilled: d.backfilled },
          );
          if (rescored && opts.rescore) {
            const again: Results[] = [];
            for (const b of d.bundles) {
              again.push(
                await opts.rescore(b.dir).catch((err: Error) => {
                  throw new Error(`rescoring ${b.bundle} failed: ${err.message}`);
                }),
              );
            }
            rescored.add(d.day, again, { backfilled: d.backfilled });
          }
        },
        opts.verify,
        opts.findings,
      )
    : { read: 0, excluded: [] };
  const built = stored.finish();
  if (opts.remediation) markRemediated(opts.evidenceDir, built.controls, days[days.length - 1]);
  const report: HistoryReport = {
    schemaVersion: 1,
    window: { from: days[0] ?? from ?? '', to: days[days.length - 1] ?? to ?? '', days },
    bundles: { read: scan.read, used, backfilled, excluded: scan.excluded },
    ...built,
    summary: summarize(days, used, backfilled, built.controls),
  };
  if (rescored) report.rescore = compareRescored(days, used, built.controls, rescored.finish().controls);
  return report;
}

async function resolveWindow(opts: HistoryOptions): Promise<{ from?: string; to?: string }> {
  if (opts.from && opts.to) return { from: opts.from, to: opts.to };
  const all = await datedBundles(opts.evidenceDir);
  const first = all[0]?.day;
  const last = all[all.length - 1]?.day;
  return { from: opts.from ?? first ?? opts.to, to: opts.to ?? last ?? opts.from };
}

function summarize(days: string[], used: Array<string | null>, backfilled: boolean[], controls: ControlHistory[]): HistorySummary {
  let longest: HistorySummary['longestGap'] = null;
  // Why backfilled days count as missing here: evidence collected later does not show the day was collected.
  const missing = (i: number) => used[i] === null || backfilled[i] === true;
  for (let i = 0; i < days.length;) {
    if (!missing(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < days.length && missing(j + 1)) j++;
    if (!longest || j - i + 1 > longest.days) longest = { start: days[i]!, end: days[j]!, days: j - i + 1 };
    i = j + 1;
  }
  const openAtEnd: HistorySummary['openAtEnd'] = [];
  for (const c of controls) {
    const last = [...c.days].reverse().find((s, k) => s !== 'gap' && s !== 'not-assessed' && !backfilled[c.days.length - 1 - k]);
    if (!last || isPassing(last)) continue;
    const ep = c.episodes[c.episodes.length - 1];
    openAtEnd.push({ control: c.id, status: last, since: ep?.start ?? days[0]! });
  }
  return {
    daysInWindow: days.length,
    daysWithRun: used.filter((u, i) => u !== null && !backfilled[i]).length,
    daysBackfilled: backfilled.filter(Boolean).length,
    longestGap: longest,
    // Why daysPassing: a control manual (or in error) every day never failed, but it never operated either.
    controlsNeverFailed: controls.filter((c) => c.daysPassing > 0 && c.daysFailing === 0).map((c) => c.id),
    openAtEnd,
  };
}

/** Day-by-day differences between the stored verdicts and the re-evaluated ones. */
function compareRescored(days: string[], used: Array<string | null>, stored: ControlHistory[], again: ControlHistory[]): RescoreReport {
  const byId = new Map(stored.map((c) => [c.id, c]));
  const againById = new Map(again.map((c) => [c.id, c]));
  const ids = [...new Set([...byId.keys(), ...againById.keys()])].sort();
  const changes: RescoreReport['changes'] = [];
  const controls: RescoreReport['controls'] = [];
  for (const id of ids) {
    const a = byId.get(id);
    const b = againById.get(id);
    let changed = 0;
    days.forEach((day, i) => {
      if (used[i] === null) return;
      // On a day with a verified run, an empty cell means the control was not in that results file.
      const s = absentIfGap(a?.days[i]);
      const r = absentIfGap(b?.days[i]);
      if (s === r) return;
      changed++;
      changes.push({ day, bundle: used[i]!, control: id, stored: s, rescored: r });
    });
    controls.push({ id, storedRate: a?.operatingRate ?? null, rescoredRate: b?.operatingRate ?? null, daysChanged: changed });
  }
  changes.sort((x, y) => (x.day < y.day ? -1 : x.day > y.day ? 1 : x.control < y.control ? -1 : 1));
  return { bundlesRescored: used.filter((u) => u !== null).length, changes, controls };
}

function absentIfGap(s: DayStatus | undefined): DayStatus | 'absent' {
  return s === undefined || s === 'gap' || s === 'not-assessed' ? 'absent' : s;
}
