/** Every request a sandbox server answered, for tests to assert on (pages, retries, auth scheme). */
export interface LoggedRequest {
  seq: number;
  provider: string;
  method: string;
  /** Path and query as received. */
  path: string;
  /** Operation as the provider server names it. */
  operation: string;
  attrs: Record<string, string | number | undefined>;
  status: number;
  /** The fault kind injected into this answer, if any. */
  fault?: string;
  /** Auth scheme seen: 'sigv4', 'token', 'bearer', 'SSWS', 'none'. */
  auth: string;
  /** True when the client marked the request as a retry (amz-sdk-request attempt>1, X-Okta-Retry-Count, repeated GitHub request). */
  retry: boolean;
  at: number;
  /** Arrival on the server's monotonic clock (ms) and the handler's time to build the answer, before added latency. */
  receivedMs?: number;
  serviceMs?: number;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  push(e: Omit<LoggedRequest, 'seq'>): void {
    this.entries.push({ seq: this.entries.length + 1, ...e });
  }

  filter(pred: Partial<Pick<LoggedRequest, 'provider' | 'operation' | 'status'>>): LoggedRequest[] {
    return this.entries.filter(
      (e) =>
        (pred.provider === undefined || e.provider === pred.provider) &&
        (pred.operation === undefined || e.operation === pred.operation) &&
        (pred.status === undefined || e.status === pred.status),
    );
  }

  count(provider: string, operation?: string): number {
    return this.filter({ provider, operation }).length;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
