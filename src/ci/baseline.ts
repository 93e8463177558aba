import { readBundle } from '../bundle/reader.js';
import type { ControlMap } from '../config/control-map.js';
import type { LoadedConfig } from '../config/config.js';
import { EXIT, type ExitCode } from '../cli/exit.js';
import type { Results } from '../engine/results.js';
import { scoreBundle } from '../engine/run.js';
import type { Status } from '../types.js';

/** A control that fails (or errors) now and did not in the baseline. */
export interface NewFailure {
  control: string;
  title: string;
  status: 'fail' | 'error';
  /** Its status in the baseline; absent when the control did not exist (or was not assessed) then. */
  was?: Status;
  /** Failing resources now that were not failing in the baseline (same control). */
  newResources: string[];
}

/**
 * Controls that newly fail against a baseline: `fail` now and not `fail` then, or `error` now and not
 * `error` then. A control absent from the baseline counts as new. Old, known gaps are not listed.
 */
export function newFailures(current: Results, baseline: Results): NewFailure[] {
  const before = new Map(baseline.controls.map((c) => [c.id, c.status]));
  const failingBefore = failingResources(baseline);
  const out: NewFailure[] = [];
  for (const c of current.controls) {
    if (c.status !== 'fail' && c.status !== 'error') continue;
    const was = before.get(c.id);
    if (was === c.status) continue;
    const now = failingResources(current).get(c.id) ?? new Set<string>();
    const old = failingBefore.get(c.id) ?? new Set<string>();
    out.push({ control: c.id, title: c.title, status: c.status, ...(was ? { was } : {}), newResources: [...now].filter((r) => !old.has(r)).sort() });
  }
  return out;
}

/**
 * Exit code of a run gated by a baseline (`--baseline`): 1 only when a control newly fails, so known
 * gaps do not block; 3 whenever evidence is incomplete, as without a baseline — a partial run cannot
 * be trusted either way. `--fail-on never` is 0, `--fail-on error` ignores failures.
 */
export function gateExit(current: Results, baseline: Results, failOn: 'fail' | 'error' | 'never' = 'fail'): ExitCode {
  if (failOn === 'never') return EXIT.ok;
  if (current.controls.some((c) => c.status === 'error')) return EXIT.incomplete;
  if (failOn === 'fail' && newFailures(current, baseline).some((n) => n.status === 'fail')) return EXIT.gaps;
  return EXIT.ok;
}

/**
 * The baseline's results, re-scored with the current control map and exceptions (as `soc2 check`
 * does), so a change to the map or a new waiver is not mistaken for a change in the evidence.
 */
export function baselineResults(bundleDir: string, loaded: Pick<LoadedConfig, 'config'>, map: ControlMap): Results {
  const bundle = readBundle(bundleDir);
  return scoreBundle(bundle.run, bundleDir, loaded, map);
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
