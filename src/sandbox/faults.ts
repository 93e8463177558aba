/**
 * Faults are data: a scenario lists them and each provider server asks `take()` whether the request
 * in hand is one of them. Counting is per fault, over the requests that match it.
 */

export type FaultKind =
  | 'deny' // the provider's access-denied answer
  | 'throttle' // the provider's throttling answer (retryable)
  | 'fail' // a server error (retryable by most SDKs); with every call matched, retries are exhausted
  | 'truncate' // like fail, meant for a later page of an enumeration: the enumeration breaks mid-way
  | 'hang' // no answer for `ms` (past the client's timeout)
  | 'rate-limit' // provider-specific primary rate limit (GitHub 403 + remaining 0, Okta 429 E0000047)
  | 'secondary-rate-limit' // GitHub secondary limit (403 + retry-after + "secondary rate limit")
  | 'not-found' // the provider's not-found answer
  | 'invalid'; // a malformed body

export interface FaultSpec {
  /** 'aws' | 'github' | 'okta' | a plugin's provider name. */
  provider: string;
  /** Operation name as the provider server names it: `iam:GetAccountAuthorizationDetails`, `GET /orgs/{org}/members`. */
  operation: string;
  kind: FaultKind;
  /** Request attributes that must all match (account, region, page, repo, …), compared as strings. */
  match?: Record<string, string | number>;
  /** 1-based numbers of the matching calls to affect, e.g. [1] = only the first. Default: every matching call. */
  calls?: number[];
  /** Affect only the first N matching calls. */
  times?: number;
  status?: number;
  message?: string;
  /** hang: how long to hold the response; throttle/rate-limit: the retry hint in seconds. */
  ms?: number;
  retryAfter?: number;
}

export interface FaultHit {
  spec: FaultSpec;
  /** Which matching call this was (1-based). */
  call: number;
}

export class FaultEngine {
  private readonly counts = new Map<FaultSpec, number>();
  readonly hits: FaultHit[] = [];

  constructor(private readonly specs: FaultSpec[] = []) {}

  add(spec: FaultSpec): void {
    this.specs.push(spec);
  }

  /** Returns the first fault that applies to this request, counting the call against every matching spec. */
  take(provider: string, operation: string, attrs: Record<string, string | number | undefined> = {}): FaultHit | undefined {
    let hit: FaultHit | undefined;
    for (const spec of this.specs) {
      if (spec.provider !== provider || !operationMatches(spec.operation, operation)) continue;
      if (spec.match && !Object.entries(spec.match).every(([k, v]) => attrs[k] !== undefined && String(attrs[k]) === String(v))) continue;
      const call = (this.counts.get(spec) ?? 0) + 1;
      this.counts.set(spec, call);
      const applies = spec.calls ? spec.calls.includes(call) : spec.times !== undefined ? call <= spec.times : true;
      if (applies && !hit) hit = { spec, call };
    }
    if (hit) this.hits.push(hit);
    return hit;
  }
}

/** `*` matches any operation; `iam:*` any operation of a service prefix. */
function operationMatches(pattern: string, operation: string): boolean {
  if (pattern === '*' || pattern === operation) return true;
  return pattern.endsWith('*') && operation.startsWith(pattern.slice(0, -1));
}
