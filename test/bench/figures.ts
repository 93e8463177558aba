import type { LoggedRequest } from '../../src/sandbox/request-log.js';
import { oktaBucketMs, windowedMs, type LimitSettings } from './limits.js';
import type { MinimumCalls } from './minimum.js';

export interface CollectorCoverage {
  pages: Record<string, number>;
  retries: number;
  durationMs: number;
  scopesFailed: number;
}

export interface ProviderFigures {
  calls: number;
  minimum: number;
  /** calls / minimum: 1 means no duplicated or wasted call. */
  callRatio: number;
  /** Client retries (run.json coverage) and requests the sandbox saw marked as retries. */
  retries: number;
  retriedRequests: number;
  /** Responses that were a rate-limit rejection (429, GitHub 403, CloudTrail ThrottlingException). */
  throttled: number;
  /** Other non-2xx answers (expected ones such as ReportInProgress included). */
  otherErrors: number;
  wallMs: number;
  lowerBoundMs: number;
  wallRatio: number;
  concurrency: number;
  /** The provider's mean time to build an answer, counted in the lower bound with the added latency. */
  serviceMs: number;
  scopesFailed: number;
  /** Per operation: calls seen and the minimum, where they differ. */
  excess: Record<string, { calls: number; minimum: number }>;
}

export interface BoundInputs {
  /** The sandbox's added latency per response. */
  latencyMs: number;
  /** The provider's own mean time to build an answer (the sandbox measures it per request), added to each call's cost. */
  serviceMs?: number;
  /** When the provider's first request arrived (sandbox clock, epoch ms): fixed windows are counted from there. */
  startMs?: number;
  limits: LimitSettings;
  concurrency: { aws: number; github: number; okta: number };
}

const COLLECTORS: Record<string, string[]> = {
  aws: [
    'aws-iam',
    'aws-cloudtrail',
    'aws-s3',
    'aws-kms',
    'aws-acm',
    'aws-secretsmanager',
    'aws-logs',
    'aws-rds',
    'aws-ec2',
    'aws-elbv2',
    'aws-dynamodb',
    'aws-backup',
    'aws-regions',
    'aws-network',
    'aws-cloudwatch',
    'aws-identity-center',
    'aws-guardduty',
    'aws-securityhub',
    'aws-config',
    'aws-inspector',
  ],
  github: ['github'],
  okta: ['okta'],
};

function throttled(e: LoggedRequest): boolean {
  if (e.status === 429) return true;
  // Why any GitHub 403: the bench's token is an owner's, so a 403 can only be a primary or secondary limit.
  if (e.provider === 'github') return e.status === 403;
  return e.provider === 'aws' && e.status === 400 && e.operation === 'cloudtrail:LookupEvents';
}

/** The sandbox's operation names grouped as the minimum counts them (GitHub: REST vs GraphQL). */
function opKey(e: LoggedRequest): string {
  if (e.provider !== 'github') return e.operation;
  return /graphql/i.test(e.operation) || e.path.includes('graphql') ? 'GraphQL' : 'REST';
}

/**
 * Lower bound on wall time per collector: no client with this latency, concurrency and these rate limits can be
 * faster. Each call costs at least one latency plus the provider's mean time to answer; a collector works on `concurrency` scopes at once; calls under a
 * rate limit go no faster than the limit; work that depends on a listing (GitHub batches, Okta factors) waits for it.
 */
export function lowerBoundMs(collector: string, min: MinimumCalls, b: BoundInputs): number {
  const lat = b.latencyMs + (b.serviceMs ?? 0);
  const ops = min.collectors[collector] ?? {};
  const sum = (o: Record<string, number>) => Object.values(o).reduce((n, c) => n + c, 0);
  if (collector.startsWith('aws-')) {
    const rate = b.limits.lookupEventsPerSecond;
    const scopeMs = (min.scopes[collector] ?? []).map(
      (s) => s.calls * lat + (s.paced ? Math.max(s.paced * lat, rate ? ((s.paced - 1) / rate) * 1000 + lat : 0) : 0),
    );
    const total = scopeMs.reduce((n, t) => n + t, 0);
    // Discovery (GetCallerIdentity, ListAccounts) precedes the fan-out.
    return 2 * lat + Math.max(total / b.concurrency.aws, ...scopeMs, 0);
  }
  if (collector === 'github') {
    // Every call waits one latency and at most `concurrency` are in flight; the chain first repository page → the
    // other pages → GraphQL batches (which need the names) → further PR pages is at least three calls deep. Each of
    // REST and GraphQL goes no faster than its secondary limit once a run needs more than a minute's worth.
    const rest = ops.REST ?? 0;
    const graphql = ops.GraphQL ?? 0;
    const g = b.limits.github.secondary;
    const rounds = Math.max(Math.ceil((rest + graphql) / b.concurrency.github), Math.min(3, rest + graphql));
    const per = lat / b.concurrency.github;
    return Math.max(lat * rounds, windowedMs(g.rest_per_minute, 60, rest, per), windowedMs(g.graphql_per_minute, 60, graphql, per));
  }
  const factors = ops['GET /api/v1/users/{id}/factors'] ?? 0;
  const per = lat / b.concurrency.okta;
  // Why from the run's start: Okta's windows are fixed on the minute, so where the run starts within one decides how
  // much of the first window is left; factor lookups can start once the first page of users has arrived.
  const factorMs = lat + oktaBucketMs(b.limits, '/api/v1/users/{id}/factors', factors, per, b.startMs === undefined ? undefined : b.startMs + lat);
  const logMs = oktaBucketMs(b.limits, '/api/v1/logs', ops['GET /api/v1/logs'] ?? 0, per, b.startMs);
  return Math.max((sum(ops) * lat) / b.concurrency.okta, (ops['GET /api/v1/users'] ?? 0) * lat, factorMs, logMs);
}

/** Figures per provider from the sandbox's request log, run.json's coverage and the scenario's minimum. */
export function providerFigures(
  provider: string,
  log: LoggedRequest[],
  coverage: Record<string, CollectorCoverage>,
  min: MinimumCalls,
  b: BoundInputs,
): ProviderFigures {
  const entries = log.filter((e) => e.provider === provider);
  const seen: Record<string, number> = {};
  for (const e of entries) seen[opKey(e)] = (seen[opKey(e)] ?? 0) + 1;
  const want: Record<string, number> = {};
  for (const c of COLLECTORS[provider]!) for (const [op, n] of Object.entries(min.collectors[c] ?? {})) want[op] = (want[op] ?? 0) + n;
  const excess: ProviderFigures['excess'] = {};
  for (const op of new Set([...Object.keys(seen), ...Object.keys(want)])) {
    if ((seen[op] ?? 0) !== (want[op] ?? 0)) excess[op] = { calls: seen[op] ?? 0, minimum: want[op] ?? 0 };
  }
  const served = entries.filter((e) => e.serviceMs !== undefined);
  const serviceMs = served.length ? served.reduce((n, e) => n + e.serviceMs!, 0) / served.length : 0;
  b = { ...b, serviceMs, startMs: entries.length ? Math.min(...entries.map((e) => e.at)) : undefined };
  const covs = COLLECTORS[provider]!.map((c) => coverage[c]).filter((c): c is CollectorCoverage => !!c);
  const minimum = Object.values(want).reduce((n, c) => n + c, 0);
  const wallMs = Math.max(0, ...covs.map((c) => c.durationMs));
  const lb = Math.max(...COLLECTORS[provider]!.map((c) => lowerBoundMs(c, min, b)));
  const nThrottled = entries.filter(throttled).length;
  return {
    calls: entries.length,
    minimum,
    callRatio: round(entries.length / Math.max(1, minimum)),
    retries: covs.reduce((n, c) => n + c.retries, 0),
    retriedRequests: entries.filter((e) => e.retry).length,
    throttled: nThrottled,
    otherErrors: entries.filter((e) => e.status >= 300).length - nThrottled,
    wallMs,
    lowerBoundMs: Math.round(lb),
    wallRatio: round(wallMs / Math.max(1, lb)),
    concurrency: b.concurrency[provider as 'aws'],
    serviceMs: round(serviceMs),
    scopesFailed: covs.reduce((n, c) => n + c.scopesFailed, 0),
    excess,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
