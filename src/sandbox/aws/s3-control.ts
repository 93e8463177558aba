/**
 * S3 Control (restXml, `<ErrorResponse><Error>…` errors): GetPublicAccessBlock of the account. It is addressed as
 * `{AccountId}.{endpoint host}` (its endpoint rules prefix the account even to a custom endpoint); the prefix must
 * name the `x-amz-account-id` account, and that account must be the caller's.
 */
import type { FaultHit } from '../faults.js';
import type { SandboxRequest, SandboxResponse } from '../server.js';
import { CONTROL_NS, error, faultOf, pab, render, xml, type Answer, type Base } from './s3-common.js';
import type { World } from './world.js';

export function s3control(world: World, req: SandboxRequest, caller: string, region: string, base: Base): SandboxResponse {
  const header = String(req.headers['x-amz-account-id'] ?? '');
  const prefix = String(req.headers.host ?? '').split('.')[0] ?? '';
  const isPab = req.method === 'GET' && req.url.pathname === '/v20180820/configuration/publicAccessBlock';
  const operation = isPab ? 's3control:GetPublicAccessBlock' : 's3control:unknown';
  const attrs = { account: caller, region, page: 1 };
  const out = (a: Answer, fault?: FaultHit) => render({ ...base, operation, attrs, fault }, a);
  if (!isPab) return out(error(400, 'InvalidRequest', 'The sandbox serves only GetPublicAccessBlock of S3 Control.', true));
  // Why: S3 Control's endpoint rules put the account in the host; a client that dropped it would reach no endpoint.
  if (!/^\d{12}$/.test(prefix) || prefix !== header)
    return out(error(400, 'InvalidRequest', `The host must be {AccountId}.<endpoint> for account '${header}'.`, true));
  const hit = world.env.faults.take('aws', operation, attrs);
  if (hit && hit.spec.kind !== 'hang') return out(faultOf(hit, true), hit);
  if (header !== caller) return out(error(403, 'AccessDenied', 'Access Denied', true), hit);
  const spec = world.accounts.get(caller)!.spec.s3?.publicAccessBlock;
  if (!spec) return out(error(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', true), hit);
  return out(xml(pab(spec, CONTROL_NS)), hit);
}
