import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleRef } from '../bundle/layout.js';
import { readBundle } from '../bundle/reader.js';
import type { CheckResult, ControlResult, CriterionResult, Results } from '../engine/results.js';
import type { Status } from '../types.js';

export type DayStatus = Status | 'uncovered' | null;

/** Worst first, as the engine rolls controls up into criteria (not-applicable only when all are). */
const ROLL_UP: Status[] = ['fail', 'error', 'manual', 'pass', 'not-applicable'];

/** One failing (check, resource) pair over the window: when it was first and last seen. */
export interface FailureSpan {
  check: string;
  resource: string;
  reason: string;
  first: string;
  last: string;
  bundles: number;
  /** Pack-relative path of the evidence file cited in the first bundle that shows it. */
  evidence?: string;
  line?: number;
  /** The reference as cited, when it names no file of the bundle (shown as text, never as a link). */
  cited?: string;
}

export interface ControlWindow {
  control: ControlResult;
  /** Status per bundle of the window (null: the control was not in that bundle's map). */
  statuses: DayStatus[];
  /** Bundle whose checks are shown (the newest one that has the control), and its directory. */
  bundle: string;
  dir: string;
  checks: CheckResult[];
  failures: FailureSpan[];
}

export interface ExceptionRow {
  control: string;
  check: string;
  resource: string;
  reason: string;
  approvedBy: string;
  ticket: string;
  expires: string;
  expired: boolean;
  covered: number;
  first: string;
  last: string;
}

/** Everything index.html and the CSVs show, aggregated bundle by bundle (one results.json in memory at a time). */
export interface WindowSummary {
  organization: string;
  categories: string[];
  period: { start: string; end: string };
  window: { from: string; to: string };
  /** `collectedAt`: when the run actually collected (run.json startedAt); `backfill`: sealed with --backfill. */
  bundles: Array<{ name: string; asOf: string; collectedAt?: string; backfill?: boolean; source: string; summary: Results['summary'] }>;
  criteria: Array<{ criterion: CriterionResult; statuses: DayStatus[] }>;
  controls: ControlWindow[];
  exceptions: ExceptionRow[];
}

/**
 * `data/records/x.jsonl#L3` in bundle B → `bundles/B/data/records/x.jsonl` and line 3; undefined for anything
 * odd, and (given the bundle's directory) for a file the bundle does not hold: a check that found no records of
 * a type cites the file they would be in, and a link must not lead nowhere.
 */
export function evidenceLink(bundle: string, ref: string, dir?: string): { path: string; line?: number } | undefined {
  const m = /^(data\/[^#]+?)(?:#L(\d+))?$/.exec(ref);
  if (!m || m[1]!.split('/').includes('..')) return undefined;
  if (dir !== undefined && !existsSync(join(dir, ...m[1]!.split('/')))) return undefined;
  return { path: `bundles/${bundle}/${m[1]}`, ...(m[2] ? { line: Number(m[2]) } : {}) };
}

export function summarize(bundles: BundleRef[], window: { from: string; to: string }): WindowSummary {
  const n = bundles.length;
  const criteria = new Map<string, { criterion: CriterionResult; statuses: DayStatus[] }>();
  const controls = new Map<string, ControlWindow>();
  const failures = new Map<string, Map<string, FailureSpan>>();
  const exceptions = new Map<string, ExceptionRow>();
  const out: WindowSummary = {
    organization: '',
    categories: [],
    period: { start: '', end: '' },
    window,
    bundles: [],
    criteria: [],
    controls: [],
    exceptions: [],
  };
  bundles.forEach((ref, i) => {
    const b = readBundle(ref.dir);
    const r = b.results;
    out.organization = r.organization;
    out.categories = b.run.categories;
    out.period = r.period;
    out.bundles.push({
      name: ref.name,
      asOf: r.asOf,
      ...(b.run.startedAt ? { collectedAt: b.run.startedAt } : {}),
      ...(b.run.backfill ? { backfill: true } : {}),
      source: b.run.source,
      summary: r.summary,
    });
    for (const c of r.criteria) {
      const e = criteria.get(c.id) ?? { criterion: c, statuses: new Array<DayStatus>(n).fill(null) };
      e.criterion = c;
      e.statuses[i] = c.status;
      criteria.set(c.id, e);
    }
    for (const c of r.controls) {
      const e = controls.get(c.id) ?? { control: c, statuses: new Array<DayStatus>(n).fill(null), bundle: ref.name, dir: ref.dir, checks: [], failures: [] };
      e.control = c;
      e.bundle = ref.name;
      e.dir = ref.dir;
      e.statuses[i] = c.status;
      e.checks = r.checks.filter((k) => k.control === c.id);
      controls.set(c.id, e);
    }
    const registered = new Set<string>();
    for (const x of r.exceptions) {
      registered.add(`${x.control}\u0000${x.ticket}`);
      upsertException(exceptions, `${x.control}\u0000${x.ticket}`, { ...x, check: x.check ?? '', expired: Boolean(x.expired), covered: x.covered }, ref.name);
    }
    for (const k of r.checks) {
      const spans = failures.get(k.control) ?? new Map<string, FailureSpan>();
      failures.set(k.control, spans);
      for (const f of k.findings) {
        if (f.excepted && !f.excepted.expired) {
          // A finding covered by a register entry counts towards it; one without makes its own row.
          const key = `${k.control}\u0000${f.excepted.ticket}`;
          if (!registered.has(key)) {
            const row = { control: k.control, check: k.check, resource: f.resource, ...f.excepted, expired: false, covered: 1 };
            upsertException(exceptions, `${key}\u0000${f.resource}`, row, ref.name);
          }
          continue;
        }
        if (f.status !== 'fail') continue;
        const key = `${k.check}\u0000${f.resource}`;
        const s = spans.get(key);
        if (s) {
          s.last = ref.name;
          s.bundles++;
          s.reason = f.reason;
          continue;
        }
        const link = evidenceLink(ref.name, f.evidence, ref.dir);
        spans.set(key, {
          check: k.check,
          resource: f.resource,
          reason: f.reason,
          first: ref.name,
          last: ref.name,
          bundles: 1,
          evidence: link?.path,
          line: link?.line,
          ...(link ? {} : { cited: f.evidence }),
        });
      }
    }
  });
  for (const [id, e] of controls) e.failures = [...(failures.get(id)?.values() ?? [])];
  // A criterion's newest status rolls up its controls' newest statuses: the newest bundle may be a partial run
  // (`--only github`) whose own roll-up saw only some of the criterion's controls.
  for (const e of criteria.values()) {
    const ids = new Set([
      ...e.criterion.controls,
      ...[...controls.values()].filter((c) => c.control.criteria.includes(e.criterion.id)).map((c) => c.control.id),
    ]);
    const statuses = [...ids].map((id) => controls.get(id)?.control.status).filter((x): x is Status => x !== undefined);
    if (statuses.length) e.criterion = { ...e.criterion, controls: [...ids].sort(), status: ROLL_UP.find((st) => statuses.includes(st))! };
  }
  out.criteria = [...criteria.values()].sort((a, b) => a.criterion.id.localeCompare(b.criterion.id, 'en'));
  out.controls = [...controls.values()].sort((a, b) => a.control.id.localeCompare(b.control.id, 'en'));
  out.exceptions = [...exceptions.values()].sort((a, b) =>
    `${a.control} ${a.ticket} ${a.resource}`.localeCompare(`${b.control} ${b.ticket} ${b.resource}`, 'en'),
  );
  return out;
}

/** Adds a bundle's use of an exception: the newest bundle's terms win, covered findings add up. */
function upsertException(rows: Map<string, ExceptionRow>, key: string, x: Omit<ExceptionRow, 'first' | 'last'>, bundle: string): void {
  const row = rows.get(key);
  if (!row) {
    rows.set(key, { ...x, first: bundle, last: bundle });
    return;
  }
  Object.assign(row, { check: x.check, resource: x.resource, reason: x.reason, approvedBy: x.approvedBy, expires: x.expires, expired: x.expired });
  row.covered += x.covered;
  row.last = bundle;
}
