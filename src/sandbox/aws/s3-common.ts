/** What S3 and S3 Control answers share: XML bodies, the two error envelopes, faults, Block Public Access, headers. */
import { randomUUID } from 'node:crypto';
import type { FaultHit } from '../faults.js';
import type { SandboxResponse } from '../server.js';
import { el, esc } from './query.js';

export interface AwsPublicAccessBlockSpec {
  blockPublicAcls?: boolean;
  ignorePublicAcls?: boolean;
  blockPublicPolicy?: boolean;
  restrictPublicBuckets?: boolean;
}

export const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
export const CONTROL_NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';

export type Answer = { status: number; body: string; headers?: Record<string, string> };
export interface Base {
  auth: string;
  retry: boolean;
}

export function pab(spec: AwsPublicAccessBlockSpec | true, ns: string): string {
  const all = spec === true;
  const s = spec === true ? {} : spec;
  return (
    `<PublicAccessBlockConfiguration xmlns="${ns}"><BlockPublicAcls>${all || Boolean(s.blockPublicAcls)}</BlockPublicAcls>` +
    `<IgnorePublicAcls>${all || Boolean(s.ignorePublicAcls)}</IgnorePublicAcls><BlockPublicPolicy>${all || Boolean(s.blockPublicPolicy)}</BlockPublicPolicy>` +
    `<RestrictPublicBuckets>${all || Boolean(s.restrictPublicBuckets)}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`
  );
}

export function xml(body: string): Answer {
  return { status: 200, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, headers: { 'content-type': 'application/xml' } };
}

export function error(status: number, code: string, message: string, wrapped = false, bucket?: string, extra = ''): Answer {
  const inner = `<Code>${esc(code)}</Code><Message>${esc(message)}</Message>${bucket ? el('BucketName', bucket) : ''}${extra}`;
  const ids = `<RequestId>${randomUUID()}</RequestId><HostId>sandbox</HostId>`;
  const body = wrapped ? `<ErrorResponse xmlns="${CONTROL_NS}"><Error>${inner}</Error>${ids}</ErrorResponse>` : `<Error>${inner}${ids}</Error>`;
  return { status, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, headers: { 'content-type': 'application/xml' } };
}

export function faultOf(hit: FaultHit, wrapped: boolean): Answer {
  const { kind, status, message } = hit.spec;
  switch (kind) {
    case 'deny':
      return error(status ?? 403, 'AccessDenied', message ?? 'Access Denied', wrapped);
    case 'throttle':
    case 'rate-limit':
    case 'secondary-rate-limit':
      return error(status ?? 503, 'SlowDown', message ?? 'Please reduce your request rate.', wrapped);
    case 'not-found':
      return error(status ?? 404, 'NoSuchBucket', message ?? 'The specified bucket does not exist', wrapped);
    case 'invalid':
      return {
        status: 200,
        body: '<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult><Buckets><Bucket>',
        headers: { 'content-type': 'application/xml' },
      };
    default:
      return error(status ?? 500, 'InternalError', message ?? 'We encountered an internal error. Please try again.', wrapped);
  }
}

export function render(meta: Omit<SandboxResponse, 'status' | 'body' | 'headers'>, a: Answer): SandboxResponse {
  const requestId = randomUUID();
  return { ...meta, status: a.status, body: a.body, headers: { 'x-amz-request-id': requestId, 'x-amz-id-2': 'sandbox', ...(a.headers ?? {}) } };
}
