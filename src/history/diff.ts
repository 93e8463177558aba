import { readBundle } from '../bundle/reader.js';
import type { ExceptionUse, Results } from '../engine/results.js';
import { controlDayStatus } from './episodes.js';
import { collectKeys, IDENTITY_TYPES } from './identity.js';
import type { DayStatus } from './model.js';

export interface ControlChange {
  id: string;
  title: string;
  old: DayStatus | 'absent';
  new: DayStatus | 'absent';
}

export interface FindingChange {
  control: string;
  check: string;
  resource: string;
  reason: string;
}

export interface ResourceChange {
  type: string;
  identity: boolean;
  /** Scopes complete in both bundles: the only ones compared (a failed collection is not a leaver). */
  scopes: number;
  /** Scopes present in either bundle but not complete in both. */
  skippedScopes: string[];
  appeared: Array<{ scope: string; key: string }>;
  disappeared: Array<{ scope: string; key: string }>;
  unkeyed: { old: number; new: number };
}

export type ExceptionChange = Pick<ExceptionUse, 'control' | 'resource' | 'ticket' | 'reason' | 'approvedBy' | 'expires'> & { check?: string };

/** `soc2 diff --json`: schema version 1. */
export interface BundleDiff {
  schemaVersion: 1;
  old: { bundle: string; asOf: string };
  new: { bundle: string; asOf: string };
  /** `excepted`: failing before, passing now only because an exception covers it — not resolved. */
  controls: { newlyFailing: ControlChange[]; resolved: ControlChange[]; excepted: ControlChange[]; changed: ControlChange[] };
  /** `excepted`: failing before, covered by an exception now (still failing underneath) — not resolved. */
  findings: { newlyFailing: FindingChange[]; resolved: FindingChange[]; excepted: Array<FindingChange & { ticket: string; expires: string }> };
  resources: ResourceChange[];
  types: { onlyInOld: string[]; onlyInNew: string[] };
  exceptions: { added: ExceptionChange[]; removed: ExceptionChange[]; expired: ExceptionChange[] };
}

type ResultsDiff = Pick<BundleDiff, 'controls' | 'findings' | 'exceptions'>;

/** Verdict changes between two results files (pure). */
export function diffResults(a: Results, b: Results): ResultsDiff {
  const before = new Map(a.controls.map((c) => [c.id, c]));
  const after = new Map(b.controls.map((c) => [c.id, c]));
  const changed: ControlChange[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const x = before.get(id);
    const y = after.get(id);
    const ch: ControlChange = { id, title: (y ?? x)!.title, old: x ? controlDayStatus(x) : 'absent', new: y ? controlDayStatus(y) : 'absent' };
    if (ch.old !== ch.new) changed.push(ch);
  }
  const failing = (r: Results) => {
    const m = new Map<string, FindingChange>();
    for (const c of r.checks ?? []) {
      for (const f of c.findings)
        if (f.status === 'fail')
          m.set(`${c.control}\u0000${c.check}\u0000${f.resource}`, { control: c.control, check: c.check, resource: f.resource, reason: f.reason });
    }
    return m;
  };
  const fa = failing(a);
  const fb = failing(b);
  const covered = new Map<string, FindingChange & { ticket: string; expires: string }>();
  for (const c of b.checks ?? []) {
    for (const f of c.findings) {
      if (f.status === 'pass' && f.excepted && !f.excepted.expired)
        covered.set(`${c.control}\u0000${c.check}\u0000${f.resource}`, {
          control: c.control,
          check: c.check,
          resource: f.resource,
          reason: f.reason,
          ticket: f.excepted.ticket,
          expires: f.excepted.expires,
        });
    }
  }
  const exKey = (e: ExceptionUse) => `${e.control}\u0000${e.check ?? ''}\u0000${e.resource}\u0000${e.ticket}`;
  const ea = new Map((a.exceptions ?? []).map((e) => [exKey(e), e]));
  const eb = new Map((b.exceptions ?? []).map((e) => [exKey(e), e]));
  return {
    controls: {
      newlyFailing: changed.filter((c) => c.new === 'fail'),
      // Why excepted is apart: the failure is still there, only waived; calling it resolved would tell the reader it was fixed.
      resolved: changed.filter((c) => c.old === 'fail' && (c.new === 'pass' || c.new === 'not-applicable')),
      excepted: changed.filter((c) => c.old === 'fail' && c.new === 'excepted'),
      changed,
    },
    findings: {
      newlyFailing: [...fb].filter(([k]) => !fa.has(k)).map(([, f]) => f),
      resolved: [...fa].filter(([k]) => !fb.has(k) && !covered.has(k)).map(([, f]) => f),
      excepted: [...fa].filter(([k]) => !fb.has(k) && covered.has(k)).map(([k]) => covered.get(k)!),
    },
    exceptions: {
      added: [...eb].filter(([k]) => !ea.has(k)).map(([, e]) => exceptionOf(e)),
      removed: [...ea].filter(([k]) => !eb.has(k)).map(([, e]) => exceptionOf(e)),
      // Expired since the old run: it no longer covers anything, its findings fail again.
      expired: [...eb].filter(([k, e]) => isExpired(e, b.asOf) && !(ea.has(k) && isExpired(ea.get(k)!, a.asOf))).map(([, e]) => exceptionOf(e)),
    },
  };
}

function isExpired(e: ExceptionUse, asOf: string): boolean {
  return e.expired === true || (e.expires !== undefined && e.expires < asOf.slice(0, 10));
}

function exceptionOf(e: ExceptionUse): ExceptionChange {
  return {
    control: e.control,
    ...(e.check ? { check: e.check } : {}),
    resource: e.resource,
    ticket: e.ticket,
    reason: e.reason,
    approvedBy: e.approvedBy,
    expires: e.expires,
  };
}

/**
 * What changed between two verified bundles: verdicts from results.json, joiners and leavers from the
 * records (streamed; only scopes complete in both bundles are compared).
 */
export async function diffBundles(oldDir: string, newDir: string, names: { old: string; new: string }): Promise<BundleDiff> {
  const a = readBundle(oldDir);
  const b = readBundle(newDir);
  const complete = (scopes: typeof a.run.coverage.scopes) => {
    const m = new Map<string, Set<string>>();
    for (const s of scopes) if (s.state === 'complete') m.set(s.type, (m.get(s.type) ?? new Set()).add(s.scope));
    return m;
  };
  const typesOf = (scopes: typeof a.run.coverage.scopes) => new Set(scopes.map((s) => s.type));
  const ta = typesOf(a.run.coverage.scopes);
  const tb = typesOf(b.run.coverage.scopes);
  const ca = complete(a.run.coverage.scopes);
  const cb = complete(b.run.coverage.scopes);
  const resources: ResourceChange[] = [];
  for (const type of [...ta].filter((t) => tb.has(t)).sort()) {
    const all = new Set([...a.run.coverage.scopes, ...b.run.coverage.scopes].filter((s) => s.type === type).map((s) => s.scope));
    const both = new Set([...all].filter((s) => ca.get(type)?.has(s) && cb.get(type)?.has(s)));
    const ka = await collectKeys(oldDir, type, both);
    const kb = await collectKeys(newDir, type, both);
    const split = (k: string) => {
      const i = k.indexOf('\u0000');
      return { scope: k.slice(0, i), key: k.slice(i + 1) };
    };
    resources.push({
      type,
      identity: IDENTITY_TYPES[type]?.identity ?? false,
      scopes: both.size,
      skippedScopes: [...all].filter((s) => !both.has(s)).sort(),
      appeared: [...kb.keys]
        .filter((k) => !ka.keys.has(k))
        .sort()
        .map(split),
      disappeared: [...ka.keys]
        .filter((k) => !kb.keys.has(k))
        .sort()
        .map(split),
      unkeyed: { old: ka.unkeyed, new: kb.unkeyed },
    });
  }
  return {
    schemaVersion: 1,
    old: { bundle: names.old, asOf: a.results.asOf },
    new: { bundle: names.new, asOf: b.results.asOf },
    ...diffResults(a.results, b.results),
    resources,
    types: { onlyInOld: [...ta].filter((t) => !tb.has(t)).sort(), onlyInNew: [...tb].filter((t) => !ta.has(t)).sort() },
  };
}
