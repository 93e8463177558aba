import type { CollectionError, CollectionErrorCause } from './types.js';

/** Builds a CollectionError event; `missingPermission` is kept only when the cause is a denial. */
export function collectionError(
  type: string,
  scope: string,
  cause: CollectionErrorCause,
  operation: string,
  message: string,
  missingPermission?: string,
): CollectionError {
  return { kind: 'error', type, scope, cause, operation, message, ...(cause === 'denied' && missingPermission ? { missingPermission } : {}) };
}
