/**
 * The plugin contracts of soc2: collectors gather evidence, checks judge it.
 *
 * A collector never decides pass or fail; a check never performs I/O or reads the clock.
 * Everything a collector yields is streamed into the bundle's staging directory as it arrives.
 */
import type { Problem } from './util/problems.js';

import type { EvidenceTypes } from './evidence/types.generated.js';

export type { EvidenceTypeName, EvidenceTypes } from './evidence/types.generated.js';

/** Dotted name of a kind of evidence, e.g. `aws.iam.credential-report`, `github.repo`. */
export type EvidenceType = string;

/**
 * The type of a record's `data` for evidence type `K`: generated from `schemas/evidence/<K>.schema.json` for a
 * built-in type (`src/evidence/types.generated.ts`, `npm run types`), `unknown` for any other name (a plugin's
 * type, which it adds to `EvidenceTypes` by declaration merging or checks itself).
 */
export type EvidenceData<K extends EvidenceType> = K extends keyof EvidenceTypes ? EvidenceTypes[K] : unknown;

/** What one collected record is attributed to. */
export interface EvidenceSource {
  /** Provider operation that produced it, e.g. `iam:GetCredentialReport`, `GET /orgs/{org}`. */
  operation: string;
  requestId?: string;
  /** When we fetched it (ISO-8601). */
  fetchedAt: string;
  /** The provider's own timestamp for the data when it has one (credential report GeneratedTime, LatestDeliveryTime). */
  sourceTime?: string;
}

/**
 * One normalised evidence record. `data` is validated against `schemas/evidence/<type>.schema.json`
 * when such a schema exists.
 */
export interface EvidenceRecord<T = unknown> {
  kind: 'record';
  type: EvidenceType;
  /** '123456789012', '123456789012/us-east-1', 'acme-widgets', 'acme.okta.com'. */
  scope: string;
  source: EvidenceSource;
  data: T;
}

/**
 * The enumeration of `type` within `scope` finished: every page was read.
 * Only (type, scope) pairs that are `done` and have no error count as complete evidence;
 * a `done` with no records is the proof that nothing is in scope (not-applicable).
 */
export interface EnumerationDone {
  kind: 'done';
  type: EvidenceType;
  scope: string;
}

/** Declares that the collector intends to collect `type` in `scope` (so a crash leaves it visibly incomplete). */
export interface EnumerationPlanned {
  kind: 'plan';
  type: EvidenceType;
  scope: string;
}

export type CollectionErrorCause =
  | 'denied'
  | 'auth'
  | 'throttled'
  | 'timeout'
  | 'server'
  | 'network'
  | 'invalid-response'
  | 'truncated'
  | 'unknown'
  | 'internal'
  /** A stretch of the window that no bundle of the chain covers and the provider no longer holds. */
  | 'hole'
  /** An organisation-wide engine (Config aggregator, delegated administrator) does not cover this scope. */
  | 'not-covered';

/**
 * The collector could not collect `type` in `scope`. Dependent checks become `error`, never `pass`.
 * Use scope `*` when the failure applies to every scope of the type (e.g. account discovery failed).
 */
export interface CollectionError {
  kind: 'error';
  type: EvidenceType;
  scope: string;
  cause: CollectionErrorCause;
  operation: string;
  message: string;
  /** For owner-only answers: the permission that would have made the answer visible. */
  missingPermission?: string;
}

export type CollectorEvent = EvidenceRecord | EnumerationDone | EnumerationPlanned | CollectionError;

export interface CollectorMeta {
  /** Kebab-case id, equal to the module's folder/file name: `aws-iam`, `github`. */
  id: string;
  /** The `sources.<source>` section of the config this collector reads. */
  source: string;
  title: string;
  produces: EvidenceType[];
  /** Least-privilege permissions (IAM actions, GitHub scopes, Okta scopes) this collector needs. */
  permissions: string[];
  /**
   * Produced types that are event or change populations an auditor samples from (one record per event,
   * change or pull request): exported by `soc2 populations` and into the pack as CSV.
   */
  populations?: EvidenceType[];
  /**
   * Where the collector can be imported on a worker thread (`{ url: import.meta.url, name: '<export>' }`). A
   * collector whose pace is many short round trips runs there so a busy main event loop does not slow its calls;
   * it must not use `ctx.shared` or `ctx.attach`. SOC2_COLLECTOR_THREADS=0 keeps every collector in-process.
   */
  thread?: { url: string; name: string };
}

export interface Logger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
}

/** Counters a collector reports for `run.json` coverage. */
export interface CollectorStats {
  /** One API page/response read. */
  page(operation: string): void;
  /** One retry (throttle or transient error) performed by the SDK or by us. */
  retry(operation: string, reason: string): void;
  /** Progress: `done` of `total` units of work (scopes, repos, users…). */
  progress(done: number, total: number, label?: string): void;
  /** An identity or endpoint fact worth recording in run.json (caller identity, effective org URL). */
  fact(key: string, value: unknown): void;
}

export interface Period {
  start: string;
  end: string;
}

export interface CollectContext<C = Record<string, unknown>> {
  /** The resolved `sources.<source>` config section (env references already substituted). */
  config: C;
  /** The run's reference time. */
  asOf: Date;
  /** The observation window from config (ISO dates). */
  period: Period;
  /**
   * Population scopes that continue an earlier bundle: type → scope → the ISO time to read from (that bundle's end
   * less the provider's overlap). A scope not listed reads the whole window the provider still holds. Use
   * `readInterval` (src/populations/policy.ts) to turn it into the query's start and end.
   */
  resume?: Record<string, Record<string, string>>;
  /**
   * Saves a raw provider response under `data/raw/<collector>/<scope>/<operation>[.<page>].json`: a `RawText` (the
   * answer as it arrived) unchanged, anything else as JSON. Secrets must be absent.
   */
  raw(scope: string, operation: string, body: unknown, page?: number): Promise<void>;
  /** Copies a file's bytes as they are into `data/raw/<collector>/<scope>/<name>` (document evidence). */
  attach?(scope: string, name: string, bytes: Uint8Array): Promise<void>;
  log: Logger;
  stats: CollectorStats;
  /** Aborted when the run is interrupted or the collector exceeds its time budget. */
  signal: AbortSignal;
  /** Only this shard's share of scopes is collected (`--shard i/n`); `shard.owns(scope)` decides. */
  shard: { index: number; count: number; owns(key: string): boolean };
  /** True when talking to the built-in sandbox (recorded in run.json; collectors must not behave differently). */
  sandbox: boolean;
  /** Bounds from the config: scopes worked on at once, and the timeout of one API request. */
  limits: { concurrency: number; timeoutMs: number };
  /**
   * One map per run, shared by all collectors of the run: work several collectors need (AWS account
   * discovery and role sessions) is done once. Keys are namespaced by source (`aws:…`).
   */
  shared: Map<string, unknown>;
}

/**
 * What `collect` yields: one event, or several in one go. A collector that turns one response into thousands of
 * events (a GraphQL batch) yields them as one array: each yield through async generators costs a few promise
 * turns, and on a large estate those turns were a large share of the collector's CPU.
 */
export type CollectorOutput = CollectorEvent | readonly CollectorEvent[];

export interface Collector<C = Record<string, unknown>> {
  meta: CollectorMeta;
  /**
   * Loads what `collect` needs that is slow to load (a provider SDK), once a run has planned this collector and
   * before any collector starts: commands that never collect from the provider do not load it, and a run does not
   * load it while other collectors' requests are waiting on the same thread. A collector on its own thread loads
   * there instead.
   */
  prepare?(): Promise<void>;
  collect(ctx: CollectContext<C>): AsyncIterable<CollectorOutput>;
}

export type Status = 'pass' | 'fail' | 'error' | 'manual' | 'not-applicable';

/** An evidence record as a check sees it: with the bundle-relative reference a finding cites. */
export interface StoredRecord<T = unknown> {
  type: EvidenceType;
  scope: string;
  source: EvidenceSource;
  data: T;
  /** `data/records/<type>.jsonl#L<n>` */
  ref: string;
}

export interface ScopeState {
  type: EvidenceType;
  scope: string;
  state: 'complete' | 'error' | 'incomplete';
  count: number;
  error?: Omit<CollectionError, 'kind'>;
}

/**
 * What a check may read. `records()` returns only records of complete scopes: a check never judges a
 * partial enumeration. The engine turns incomplete scopes into `error` on its own.
 */
export interface EvidenceView {
  /** Records of `type`, typed by its evidence schema (`EvidenceTypes`). */
  records<K extends EvidenceType>(type: K): StoredRecord<EvidenceData<K>>[];
  /**
   * Visits every record of complete scopes one at a time without keeping them: use it for populations
   * (events, pull requests) that can run to hundreds of thousands of records.
   */
  each<K extends EvidenceType>(type: K, fn: (rec: StoredRecord<EvidenceData<K>>) => void): void;
  /** Complete scopes of `type` (including empty ones). */
  scopes(type: EvidenceType): string[];
  /** Every known scope state of `type`. */
  states(type: EvidenceType): ScopeState[];
}

export interface Finding {
  status: 'pass' | 'fail';
  /** Provider-qualified resource: an ARN, `github:acme/api`, `okta:jane@acme.example`. */
  resource: string;
  /** Why it passes or fails, in words an auditor reads. */
  reason: string;
  /** Bundle-relative record reference (StoredRecord.ref). */
  evidence: string;
  /** Scope the finding belongs to (account, org, …). */
  scope?: string;
  /** Set by the engine when a config exception covers this failing finding. */
  excepted?: ExceptionRef;
}

export interface ExceptionRef {
  reason: string;
  approvedBy: string;
  ticket: string;
  expires: string;
  /** true when the exception matched but had already expired (the finding stays `fail`). */
  expired?: boolean;
}

export interface CheckMeta {
  /** Public, stable id: `aws.iam.root-mfa`. Equal to the file name without extension. */
  id: string;
  title: string;
  /** Title of the gap when it fails, e.g. "Root account has no MFA". */
  failureTitle: string;
  requires: EvidenceType[];
  /**
   * Evidence from systems that may or may not be in scope (cross-system checks): the check runs when at
   * least one of these types is collected in the run; each one that is collected must be complete, like
   * `requires`; those of sources not configured are simply absent.
   */
  requiresAnyOf?: EvidenceType[];
  /** JSON Schema of the params; defaults are applied by ajv (`useDefaults`). */
  paramsSchema?: Record<string, unknown>;
  remediation: string;
}

export interface CheckOutcome {
  findings: Finding[];
  /** Set only when complete evidence shows nothing in scope. */
  notApplicable?: boolean;
  /**
   * Set when complete evidence cannot settle the question and a person must (e.g. timeliness without the
   * HR leave dates): the result is `manual` unless something fails. Say what the person must look at.
   */
  needsReview?: string;
  note?: string;
}

export interface Check<P = any> {
  meta: CheckMeta;
  /** Pure: no I/O, no clock (use `asOf`). */
  evaluate(ev: EvidenceView, params: P, asOf: Date): CheckOutcome;
  /**
   * Optional: reads the input files a param names (paths relative to `dir`, the config's folder) into the params,
   * once, before anything is collected; each problem (`file:line:col`) is an input error (exit 2).
   */
  resolveInputs?(params: P, dir: string): { params: P; problems: Problem[] };
}
