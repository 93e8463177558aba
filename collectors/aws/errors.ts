/** AWS SDK errors → CollectionError causes. */
import type { CollectionError, CollectionErrorCause, EvidenceType } from '../../src/types.js';

/** A failed SDK call, with the operation and the page it failed on (page > 1 means the enumeration broke mid-way). */
export class AwsCallError extends Error {
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
    readonly page = 1,
  ) {
    super(describe(cause));
  }
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess', 'AuthorizationError', 'AWSOrganizationsNotInUseException']);
const AUTH = new Set(['InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'IncompleteSignature', 'MissingAuthenticationToken', 'CredentialsProviderError']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled', 'SlowDown', 'LimitExceededException']);
const TIMEOUT = new Set(['TimeoutError', 'AbortError', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface SdkError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

export function causeOf(err: unknown): CollectionErrorCause {
  const e = (err ?? {}) as SdkError;
  const name = e.name ?? '';
  const code = e.Code ?? e.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (DENIED.has(name) || DENIED.has(code)) return 'denied';
  if (AUTH.has(name) || AUTH.has(code)) return 'auth';
  if (THROTTLED.has(name) || THROTTLED.has(code) || status === 429) return 'throttled';
  if (TIMEOUT.has(name) || TIMEOUT.has(code) || code === 'ETIMEDOUT') return 'timeout';
  if (NETWORK.has(code) || NETWORK.has(name)) return 'network';
  if ((status !== undefined && status >= 500) || e.$fault === 'server') return 'server';
  if (/XML parse error|Unexpected token|JSON/i.test(e.message ?? '') || err instanceof SyntaxError) return 'invalid-response';
  return 'unknown';
}

function describe(err: unknown): string {
  const e = (err ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  return `${e.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(err)}`;
}

/** The CollectionError event for `type` in `scope` caused by `err`. */
export function collectionError(type: EvidenceType, scope: string, err: unknown, fallbackOperation: string): CollectionError {
  if (err instanceof AwsCallError) {
    const inner = causeOf(err.cause);
    // Why: a failure after at least one page means we hold a partial list, which must never read as the whole.
    if (err.page > 1) {
      return { kind: 'error', type, scope, cause: 'truncated', operation: err.operation, message: `page ${err.page} failed after ${err.page - 1} page(s) were read (${inner}): ${err.message}` };
    }
    return { kind: 'error', type, scope, cause: inner, operation: err.operation, message: err.message, ...(inner === 'denied' ? { missingPermission: err.operation } : {}) };
  }
  return { kind: 'error', type, scope, cause: causeOf(err) === 'unknown' ? 'internal' : causeOf(err), operation: fallbackOperation, message: describe(err) };
}
