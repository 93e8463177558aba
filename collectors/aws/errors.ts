/** AWS SDK errors → CollectionError causes. */
import { brokenOff, collectionError, type ErrorContext } from '../../src/collector-kit.js';
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

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'AWSOrganizationsNotInUseException',
]);
const AUTH = new Set([
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'LimitExceededException',
]);
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

/**
 * AWS's error mapper: the CollectionError event for `type` in `scope` caused by `err`. An `AwsCallError` names its
 * own operation and page (a page after the first makes it `truncated`); `operation` is used for anything else.
 */
export function errorEvent(type: EvidenceType, scope: string, operation: string, err: unknown, more: ErrorContext = {}): CollectionError {
  if (err instanceof AwsCallError) {
    const inner = causeOf(err.cause);
    const ev = collectionError(type, scope, inner, err.operation, err.message, err.operation);
    return brokenOff(ev, Math.max(err.page - 1, more.pagesRead ?? 0));
  }
  const cause = causeOf(err);
  return brokenOff(collectionError(type, scope, cause === 'unknown' ? 'internal' : cause, operation, describe(err), more.missingPermission), more.pagesRead);
}
