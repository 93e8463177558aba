/** Sending SDK commands with stats (pages, retries), pagination that knows its page, and record events. */
import type { CollectContext, CollectorEvent, EvidenceData, EvidenceRecord, EvidenceType } from '../../src/types.js';
import type { AwsConfig } from './config.js';
import { AwsCallError, errorEvent } from './errors.js';
import { callDeadlineMs } from './clients.js';
import { recordOf, withDeadline } from '../../src/collector-kit.js';

interface Meta {
  $metadata?: { attempts?: number; requestId?: string };
}
/** Any SDK client: `send(command, options)`. */
export interface SdkClient {
  send(command: any, options?: any): Promise<any>;
}

function countRetries(ctx: CollectContext<AwsConfig>, operation: string, meta: Meta['$metadata']): void {
  for (let i = 1; i < (meta?.attempts ?? 1); i++) ctx.stats.retry(operation, 'retried by the SDK (throttling or transient error)');
}

/** Sends one command; failures become AwsCallError carrying the operation and page. */
export async function send<O>(ctx: CollectContext<AwsConfig>, client: SdkClient, command: unknown, operation: string, page = 1): Promise<O & Meta> {
  try {
    const out = (await withDeadline(ctx.signal, callDeadlineMs(ctx), operation, (abortSignal) => client.send(command, { abortSignal }))) as O & Meta;
    countRetries(ctx, operation, out.$metadata);
    ctx.stats.page(operation);
    return out;
  } catch (err) {
    countRetries(ctx, operation, (err as Meta).$metadata);
    throw new AwsCallError(operation, err, page);
  }
}

/** What an IAM `next` returns for a page marked IsTruncated that has no Marker: the list ends before its end. */
export const NO_MARKER = '\u0000no-marker';

/** The next Marker of an IAM list page: none at the end, NO_MARKER when the page claims more but gives no way on. */
export function iamMarker(o: { IsTruncated?: boolean; Marker?: string }): string | undefined {
  return o.IsTruncated ? o.Marker || NO_MARKER : undefined;
}

/** Follows a token-paginated call to its end; bounded, and a repeated token is an invalid response. */
export async function* paginate<O>(
  ctx: CollectContext<AwsConfig>,
  client: SdkClient,
  operation: string,
  command: (token: string | undefined) => unknown,
  next: (out: O) => string | undefined,
): AsyncGenerator<{ out: O & Meta; page: number }> {
  let token: string | undefined;
  const seen = new Set<string>();
  for (let page = 1; page <= 1_000_000; page++) {
    const out = await send<O>(ctx, client, command(token), operation, page);
    yield { out, page };
    token = next(out);
    if (token === NO_MARKER)
      throw new AwsCallError(operation, new SyntaxError(`page ${page} says more pages follow (IsTruncated) but gives no Marker`), page + 1);
    if (!token) return;
    if (seen.has(token)) throw new AwsCallError(operation, new SyntaxError(`the service repeated paging token on page ${page}`), page + 1);
    seen.add(token);
  }
}

/** Strips SDK metadata so the raw body is the provider's answer. */
export function rawOf<O extends Meta>(out: O): Omit<O, '$metadata'> {
  const { $metadata: _m, ...rest } = out;
  return rest;
}

/** One record of `type` from an SDK answer (its request id kept); `data` is checked as recordOf's. */
export function record<K extends EvidenceType>(
  type: K,
  scope: string,
  operation: string,
  out: Meta,
  data: EvidenceData<K>,
  sourceTime?: string,
): EvidenceRecord<EvidenceData<K>> {
  return recordOf(
    type,
    scope,
    { operation, requestId: out.$metadata?.requestId, fetchedAt: new Date().toISOString(), ...(sourceTime ? { sourceTime } : {}) },
    data,
  );
}

/** Runs one (type, scope) enumeration: its records then `done`, or a CollectionError — never a silent short list. */
export async function* step(type: EvidenceType, scope: string, operation: string, run: () => AsyncIterable<EvidenceRecord>): AsyncGenerator<CollectorEvent> {
  try {
    for await (const r of run()) yield r;
    yield { kind: 'done', type, scope };
  } catch (err) {
    yield errorEvent(type, scope, operation, err);
  }
}

export function iso(d: Date | undefined): string | undefined {
  return d ? d.toISOString() : undefined;
}
