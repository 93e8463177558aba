/**
 * Faults are data: a scenario lists them and each provider server asks `take()` whether the request
 * in hand is one of them. Counting is per fault, over the requests that match it.
 */

export type FaultKind =
  | 'deny' // the provider's access-denied answer
  | 'throttle' // the provider's throttling answer (retryable)
  | 'fail' // a server error (retryable by most SDKs); with every call matched, retries are exhausted
  | 'truncate' // like fail, meant for a later page of an enumeration: the enumeration breaks mid-way
  | 'hang' // no answer for `ms` (past the client's timeout); released when the client or the server closes
  | 'cut' // the status line, headers and part of the body, then the connection is destroyed mid-body
  | 'early-end' // a page that claims more exists (IsTruncated, hasNextPage, a last page number) yet gives no way on
  | 'missing-field' // an otherwise valid answer without `field` (a JSON path, or a CSV column of a report)
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
  /**
   * missing-field: what to leave out. A dotted JSON path applied to every element of arrays on the way
   * (`Events.CloudTrailEvent.additionalEventData.MFAUsed`, where a string holding JSON is entered too), or a
   * column name for CSV reports (the IAM credential report).
   */
  field?: string;
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

/**
 * Removes `path` (dotted) from a JSON text: arrays on the way are mapped over, and a string member holding JSON
 * (CloudTrail's `CloudTrailEvent`) is entered and written back as a string. Returns the text unchanged when it is
 * not JSON.
 */
export function dropJsonField(text: string, path: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return text;
  }
  return JSON.stringify(dropPath(doc, path.split('.')));
}

function dropPath(node: unknown, keys: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => dropPath(n, keys));
  if (typeof node === 'string' && /^\s*[[{]/.test(node)) {
    try {
      return JSON.stringify(dropPath(JSON.parse(node), keys));
    } catch {
      return node;
    }
  }
  if (!node || typeof node !== 'object' || keys.length === 0) return node;
  const obj = node as Record<string, unknown>;
  const [head, ...rest] = keys as [string, ...string[]];
  if (!(head in obj)) return obj;
  if (rest.length === 0) {
    const { [head]: _gone, ...kept } = obj;
    return kept;
  }
  return { ...obj, [head]: dropPath(obj[head], rest) };
}

/** Removes a column from a CSV text (header and every row); no quoting, as in the reports the sandbox serves. */
export function dropCsvColumn(csv: string, column: string): string {
  const lines = csv.split('\n');
  const at = (lines[0] ?? '').split(',').indexOf(column);
  if (at < 0) return csv;
  return lines
    .map((l) =>
      l
        ? l
            .split(',')
            .filter((_c, i) => i !== at)
            .join(',')
        : l,
    )
    .join('\n');
}
