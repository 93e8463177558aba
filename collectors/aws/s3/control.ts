/**
 * S3 Control: the account's Block Public Access. Its endpoint rules prefix `{AccountId}.` to the host, also for a
 * custom endpoint (a VPC endpoint's wildcard DNS name answers it). An IP-literal endpoint cannot carry the prefix
 * (`111111111111.127.0.0.1` is not a URL), so a loopback literal is named `localhost` instead, and `*.localhost`
 * resolves to loopback as RFC 6761 (6.3) asks of resolvers — Node's does not. The account check stays on.
 */
import { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import type { GetPublicAccessBlockCommandOutput } from '@aws-sdk/client-s3-control';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { rawOf, record, send } from '../call.js';
import { clientConfig, type Credentials } from '../clients.js';
import { regionsOf, type AwsConfig } from '../config.js';
import { AwsCallError } from '../errors.js';
import { ACCOUNT_PAB, type S3AccountPublicAccessBlock } from './evidence.js';

export const loadControl = () => import('@aws-sdk/client-s3-control');

const localhostLookup: LookupFunction = (host, options, callback) => {
  const cb = callback;
  if (host === 'localhost' || host.endsWith('.localhost')) {
    if ((options as { all?: boolean }).all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
    else cb(null, '127.0.0.1', 4);
    return;
  }
  cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), '', 4);
};

/** The S3 Control client configuration: the shared one, with a loopback literal endpoint named so it can carry the account. */
export function controlConfig(ctx: CollectContext<AwsConfig>, credentials?: Credentials) {
  const base = clientConfig(ctx, regionsOf(ctx.config)[0]!, credentials);
  if (!base.endpoint) return base;
  const url = new URL(base.endpoint);
  if (!/^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/.test(url.hostname)) return base;
  url.hostname = 'localhost';
  return {
    ...base,
    endpoint: url.toString().replace(/\/$/, ''),
    requestHandler: { ...base.requestHandler, httpAgent: new Agent({ keepAlive: true, lookup: localhostLookup }) },
  };
}

/** GetPublicAccessBlock of the account; NoSuchPublicAccessBlockConfiguration is the definite answer "nothing is blocked". */
export async function* accountPublicAccessBlock(
  ctx: CollectContext<AwsConfig>,
  account: string,
  credentials: Credentials | undefined,
  into: { all?: boolean },
): AsyncGenerator<EvidenceRecord> {
  const sdk = await loadControl();
  const client = new sdk.S3ControlClient(controlConfig(ctx, credentials));
  const op = 's3control:GetPublicAccessBlock';
  try {
    let data: S3AccountPublicAccessBlock;
    let meta: object;
    try {
      const out = await send<GetPublicAccessBlockCommandOutput>(ctx, client, new sdk.GetPublicAccessBlockCommand({ AccountId: account }), op);
      await ctx.raw(account, 'GetPublicAccessBlock', rawOf(out));
      const c = out.PublicAccessBlockConfiguration ?? {};
      // Why absent reads as false: each setting is an optional member that S3 documents as off unless set to true.
      data = {
        account,
        configured: true,
        blockPublicAcls: c.BlockPublicAcls === true,
        ignorePublicAcls: c.IgnorePublicAcls === true,
        blockPublicPolicy: c.BlockPublicPolicy === true,
        restrictPublicBuckets: c.RestrictPublicBuckets === true,
      };
      meta = out;
    } catch (err) {
      if (!(err instanceof AwsCallError && codeOf(err.cause) === 'NoSuchPublicAccessBlockConfiguration')) throw err;
      ctx.stats.page(op);
      await ctx.raw(account, 'GetPublicAccessBlock', { error: 'NoSuchPublicAccessBlockConfiguration', message: err.message });
      data = { account, configured: false, blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
      meta = err.cause as object;
    }
    into.all = data.blockPublicAcls && data.ignorePublicAcls && data.blockPublicPolicy && data.restrictPublicBuckets;
    yield record(ACCOUNT_PAB, account, op, meta, data);
  } finally {
    client.destroy();
  }
}

export function codeOf(err: unknown): string | undefined {
  const e = (err ?? {}) as { name?: string; Code?: string };
  return e.Code ?? e.name;
}
