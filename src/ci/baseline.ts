import { readBundle } from '../bundle/reader.js';
import type { ControlMap } from '../config/control-map.js';
import type { LoadedConfig } from '../config/config.js';
import { EXIT, type ExitCode } from '../util/exit.js';
import type { Results } from '../engine/results.js';
import { scoreBundle } from '../engine/run.js';
import type { Status } from '../types.js';

/** A control that fails (or errors) now and did not in the baseline. */
export interface NewFailure {
  control: string;
  title: string;
  status: 'fail' | 'error';
  /**
   * Its status in the baseline; `pass (excepted)` when it passed there only because exceptions covered its
   * failing findings; absent when the control did not exist (or was not assessed) then.
   */
  was?: Status | 'pass (excepted)';
  /** Failing resources now that were not failing in the baseline (same control). */
  newResources: string[];
}

/** The baseline as the gate reads it: re-scored with today's map and exceptions, and as it was sealed. */
export interface Baseline {
  rescored: Results;
  /** The verdict sealed in the baseline bundle (what was reported that day). */
  stored?: Results;
}

/**
 * Controls that newly fail against a baseline: `fail` now and not `fail` then, or `error` now and not
 * `error` then. A control absent from the baseline counts as new. Old, known gaps are not listed — but a
 * gap that was only passing by exception in the baseline (in the sealed verdict or the re-scored one) was
 * not a known gap: when the exception expires (or is removed) and the control fails, that is new.
 */
export function newFailures(current: Results, baseline: Results | Baseline): NewFailure[] {
  const b: Baseline = 'rescored' in baseline ? baseline : { rescored: baseline };
  const before = new Map(b.rescored.controls.map((c) => [c.id, c]));
  const storedBefore = new Map((b.stored?.controls ?? []).map((c) => [c.id, c]));
  const failingBefore = failingResources(b.rescored);
  const exceptedBefore = exceptedResources(b.rescored, b.stored);
  const failingNow = failingResources(current);
  const out: NewFailure[] = [];
  for (const c of current.controls) {
    if (c.status !== 'fail' && c.status !== 'error') continue;
    const then = before.get(c.id);
    const sealed = storedBefore.get(c.id);
    const now = failingNow.get(c.id) ?? new Set<string>();
    const excepted = exceptedBefore.get(c.id) ?? new Set<string>();
    // Why the sealed verdict too: the re-score uses today's exceptions, so an exception removed since makes the
    // baseline look failing, which would hide the very failure its end brings back.
    const passedByException = (sealed?.status === 'pass' && sealed.excepted > 0) || (then?.status === 'pass' && then.excepted > 0);
    const was: NewFailure['was'] = passedByException ? 'pass (excepted)' : then?.status;
    const revived = c.status === 'fail' && [...now].some((r) => excepted.has(r));
    if (was === c.status && !revived) continue;
    const old = failingBefore.get(c.id) ?? new Set<string>();
    const fresh = [...now].filter((r) => !old.has(r) || excepted.has(r)).sort();
    out.push({ control: c.id, title: c.title, status: c.status, ...(was ? { was } : {}), newResources: fresh });
  }
  return out;
}

/**
 * Exit code of a run gated by a baseline (`--baseline`): 1 only when a control newly fails, so known
 * gaps do not block; 3 whenever evidence is incomplete, as without a baseline — a partial run cannot
 * be trusted either way. `--fail-on never` is 0, `--fail-on error` ignores failures.
 */
export function gateExit(current: Results, baseline: Results | Baseline, failOn: 'fail' | 'error' | 'never' = 'fail'): ExitCode {
  if (failOn === 'never') return EXIT.ok;
  if (current.controls.some((c) => c.status === 'error')) return EXIT.incomplete;
  if (failOn === 'fail' && newFailures(current, baseline).some((n) => n.status === 'fail')) return EXIT.gaps;
  return EXIT.ok;
}

/**
 * The baseline's results, re-scored with the current control map and exceptions (as `soc2 check`
 * does), so a change to the map or a new waiver is not mistaken for a change in the evidence; and its
 * sealed verdict, so an exception that has gone since is not mistaken for a known gap.
 */
export function baselineResults(bundleDir: string, loaded: Pick<LoadedConfig, 'config'>, map: ControlMap): Baseline {
  const bundle = readBundle(bundleDir);
  return { rescored: scoreBundle(bundle.run, bundleDir, loaded, map), stored: bundle.results };
}

function failingResources(r: Results): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const c of r.checks) {
    const set = m.get(c.control) ?? new Set<string>();
    for (const f of c.findings) if (f.status === 'fail') set.add(f.resource);
    m.set(c.control, set);
  }
  return m;
}

/** Resources whose failing findings a live exception covered, per control, in either verdict. */
function exceptedResources(...rs: Array<Results | undefined>): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const r of rs) {
    for (const c of r?.checks ?? []) {
      for (const f of c.findings) {
        if (f.status !== 'pass' || !f.excepted || f.excepted.expired) continue;
        const set = m.get(c.control) ?? new Set<string>();
        set.add(f.resource);
        m.set(c.control, set);
      }
    }
  }
  return m;
}
