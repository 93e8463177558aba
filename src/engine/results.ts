import type { PopulationSources } from '../populations/chain.js';
import type { ExceptionRef, Finding, Status } from '../types.js';
import type { CheckError } from './score.js';

/** `data/results.json`: the verdict of one run, re-computable from the bundle's records by `soc2 check`. */
export interface Results {
  schemaVersion: 1;
  organization: string;
  asOf: string;
  period: { start: string; end: string };
  /** sha256 of the control map as loaded (all files, in order). */
  controlMapDigest: string;
  summary: Record<Status, number> & { controls: number; skipped: number };
  controls: ControlResult[];
  criteria: CriterionResult[];
  checks: CheckResult[];
  /** Every configured exception, with the findings it covered in this run. */
  exceptions: ExceptionUse[];
  /** Controls not scored because a source they need is not configured (or not collected with --only). */
  skipped: Array<{ id: string; title: string; reason: string }>;
  /** Per population type: the earlier bundles (by digest) whose records fed the verdicts, and the window's holes. */
  populations?: PopulationSources[];
}

export interface CheckResult {
  /** Check id (`aws.iam.root-mfa`, or `<control>/assert-<n>` for declarative asserts). */
  check: string;
  control: string;
  title: string;
  status: Status;
  params: Record<string, unknown>;
  requires: string[];
  findings: Finding[];
  errors: CheckError[];
  note?: string;
  remediation?: string;
}

export interface ControlResult {
  id: string;
  title: string;
  criteria: string[];
  severity: string;
  owner?: string;
  why?: string;
  status: Status;
  /** Number of failing (not excepted) findings across the control's checks. */
  failing: number;
  excepted: number;
  checks: string[];
  /** Manual evidence the control needs that is not on file (status `manual`). */
  manual: Array<{ id: string; description: string; state: 'missing' | 'stale'; due?: string; owner?: string }>;
  /** Documents on file that satisfy (or, when stale, last satisfied) the control's evidence requirements. */
  documents?: Array<{ id: string; path: string; sha256: string; approvedOn: string; due: string; evidence: string }>;
  /** A failing or manual control without an owner is itself a gap. */
  ownerMissing?: boolean;
  /** What the config's `overrides` changed for this control (`owner`, `params.<check id>`). */
  overridden?: string[];
}

export interface CriterionResult {
  id: string;
  title: string;
  category: string;
  status: Status | 'uncovered';
  controls: string[];
  /** automated: at least one check; manual: only document evidence; uncovered: nothing maps to it. */
  coverage: 'automated' | 'manual' | 'uncovered';
}

export interface ExceptionUse extends ExceptionRef {
  control: string;
  check?: string;
  resource: string;
  /** Findings this exception turned into `pass` in this run. */
  covered: number;
  /** Failing findings its pattern matched in this run, live or expired (absent in bundles sealed before it was kept). */
  matched?: number;
}
