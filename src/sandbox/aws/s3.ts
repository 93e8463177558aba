/**
 * S3 (restXml), path-style under the sandbox endpoint, with bare `<Error>` bodies (its model sets
 * `noErrorWrapping`). A bucket addressed in a region other than its own answers 301 `PermanentRedirect` with
 * `x-amz-bucket-region`, as S3's regional endpoints do. Requests under `/v20180820/` are S3 Control's (s3-control.ts).
 */
import type { SandboxRequest, SandboxResponse } from '../server.js';
import { decodeToken, encodeToken, timeOf, type TimeSpec } from './model.js';
import { el, esc } from './query.js';
import { NS, error, faultOf, pab, render, xml, type Answer, type AwsPublicAccessBlockSpec, type Base } from './s3-common.js';
import { s3control } from './s3-control.js';
import { memo, principalOf, type World } from './world.js';

export type { AwsPublicAccessBlockSpec } from './s3-common.js';

export interface AwsBucketSpec {
  name: string;
  /** Default us-east-1 (GetBucketLocation then answers an empty LocationConstraint). */
  region?: string;
  created?: TimeSpec;
  /** The bucket policy document; absent = NoSuchBucketPolicy. PolicyStatus is public when an Allow has Principal `*` and no Condition. */
  policy?: unknown;
  acl?: 'private' | 'public-read' | 'authenticated-read';
  /** Bucket-level Block Public Access; absent = NoSuchPublicAccessBlockConfiguration. `true` = all four on. */
  publicAccessBlock?: AwsPublicAccessBlockSpec | true;
  /** Default encryption: AES256 (S3's default since 2023), aws:kms (with key), or false = ServerSideEncryptionConfigurationNotFoundError. */
  encryption?: 'AES256' | 'aws:kms' | false;
  kmsKey?: string;
  /** Absent = never enabled (an empty VersioningConfiguration). */
  versioning?: 'Enabled' | 'Suspended';
  /** Lifecycle rules; absent = NoSuchLifecycleConfiguration. */
  lifecycle?: Array<{ id: string; status?: 'Enabled' | 'Disabled'; prefix?: string; expirationDays?: number; noncurrentDays?: number }>;
  /** Absent = NoSuchTagSet. */
  tags?: Record<string, string>;
  /** The bucket policy denies the auditor: every bucket call answers AccessDenied. */
  denyAuditor?: boolean;
  /** The region ListBuckets names (default: `region`): a stale answer, to exercise redirects. */
  listedRegion?: string;
}

const SUBRESOURCES = ['policyStatus', 'policy', 'acl', 'publicAccessBlock', 'encryption', 'versioning', 'lifecycle', 'tagging', 'location'] as const;
const OPS: Record<(typeof SUBRESOURCES)[number], string> = {
  policyStatus: 'GetBucketPolicyStatus',
  policy: 'GetBucketPolicy',
  acl: 'GetBucketAcl',
  publicAccessBlock: 'GetPublicAccessBlock',
  encryption: 'GetBucketEncryption',
  versioning: 'GetBucketVersioning',
  lifecycle: 'GetBucketLifecycleConfiguration',
  tagging: 'GetBucketTagging',
  location: 'GetBucketLocation',
};

export function s3(world: World, req: SandboxRequest, keyId: string, region: string, base: Base): SandboxResponse {
  const control = req.url.pathname.startsWith('/v20180820/');
  const principal = principalOf(world, keyId);
  if (!principal)
    return render(
      { ...base, operation: control ? 's3control:unknown' : 's3:unknown' },
      error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', control),
    );
  const account = principal.account;
  if (control) return s3control(world, req, account, region, base);
  if (req.method !== 'GET')
    return render({ ...base, operation: 's3:unknown' }, error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.'));
  const name = decodeURIComponent(req.url.pathname.replace(/^\/+|\/+$/g, ''));
  if (!name) return listBuckets(world, req, account, region, base);
  const sub = SUBRESOURCES.find((s) => req.url.searchParams.has(s));
  const operation = `s3:${sub ? OPS[sub] : 'unknown'}`;
  const attrs = { account, region, bucket: name, page: 1 };
  const hit = world.env.faults.take('aws', operation, attrs);
  const done = (a: Answer) => render({ ...base, operation, attrs, fault: hit }, hit && hit.spec.kind !== 'hang' ? faultOf(hit, false) : a);
  if (!sub || name.includes('/')) return done(error(400, 'InvalidRequest', 'The sandbox serves only bucket subresources (path-style).'));
  const owned = bucketsByName(world).get(name);
  if (!owned) return done(error(404, 'NoSuchBucket', 'The specified bucket does not exist', false, name));
  const home = owned.spec.region ?? 'us-east-1';
  // Why GetBucketLocation elsewhere is exempt from the policy: outside its home region a bucket's policy does not apply to it.
  const policyApplies = !(sub === 'location' && home !== region);
  if (owned.account !== account || (owned.spec.denyAuditor && policyApplies)) return done(error(403, 'AccessDenied', 'Access Denied', false, name));
  // Why GetBucketLocation is exempt: it is the one call that answers from any region (that is what it is for).
  if (sub !== 'location' && home !== region) {
    const a = error(
      301,
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      false,
      name,
      `<Endpoint>${esc(`${name}.s3.${home}.amazonaws.com`)}</Endpoint>`,
    );
    return done({ ...a, headers: { 'x-amz-bucket-region': home } });
  }
  return done({ ...subresource(sub, owned.spec, name), headers: { 'x-amz-bucket-region': home } });
}

function subresource(sub: (typeof SUBRESOURCES)[number], b: AwsBucketSpec, name: string): Answer {
  switch (sub) {
    case 'location': {
      // Why empty for us-east-1: S3's oldest region has no LocationConstraint; readers must map '' to us-east-1.
      const r = b.region && b.region !== 'us-east-1' ? b.region : '';
      return xml(r ? `<LocationConstraint xmlns="${NS}">${esc(r)}</LocationConstraint>` : `<LocationConstraint xmlns="${NS}"/>`);
    }
    case 'policy':
      if (b.policy === undefined) return error(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', false, name);
      return { status: 200, body: JSON.stringify(b.policy), headers: { 'content-type': 'application/json' } };
    case 'policyStatus':
      if (b.policy === undefined) return error(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', false, name);
      return xml(`<PolicyStatus xmlns="${NS}"><IsPublic>${policyIsPublic(b.policy)}</IsPublic></PolicyStatus>`);
    case 'acl':
      return xml(acl(b));
    case 'publicAccessBlock':
      if (!b.publicAccessBlock) return error(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', false, name);
      return xml(pab(b.publicAccessBlock, NS));
    case 'encryption': {
      const algo = b.encryption ?? 'AES256';
      if (algo === false)
        return error(404, 'ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', false, name);
      const key = algo === 'aws:kms' ? el('KMSMasterKeyID', b.kmsKey) : '';
      return xml(
        `<ServerSideEncryptionConfiguration xmlns="${NS}"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${algo}</SSEAlgorithm>${key}</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>${algo === 'aws:kms'}</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`,
      );
    }
    case 'versioning':
      return xml(
        b.versioning
          ? `<VersioningConfiguration xmlns="${NS}"><Status>${b.versioning}</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>`
          : `<VersioningConfiguration xmlns="${NS}"/>`,
      );
    case 'lifecycle': {
      if (!b.lifecycle) return error(404, 'NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', false, name);
      const rules = b.lifecycle.map(
        (r) =>
          `<Rule>${el('ID', r.id)}<Filter>${el('Prefix', r.prefix ?? '')}</Filter><Status>${r.status ?? 'Enabled'}</Status>` +
          (r.expirationDays ? `<Expiration><Days>${r.expirationDays}</Days></Expiration>` : '') +
          (r.noncurrentDays ? `<NoncurrentVersionExpiration><NoncurrentDays>${r.noncurrentDays}</NoncurrentDays></NoncurrentVersionExpiration>` : '') +
          '</Rule>',
      );
      const a = xml(`<LifecycleConfiguration xmlns="${NS}">${rules.join('')}</LifecycleConfiguration>`);
      return { ...a, headers: { 'x-amz-transition-default-minimum-object-size': 'all_storage_classes_128K' } };
    }
    case 'tagging': {
      if (!b.tags) return error(404, 'NoSuchTagSet', 'The TagSet does not exist', false, name);
      const tags = Object.entries(b.tags).map(([k, v]) => `<Tag>${el('Key', k)}${el('Value', v)}</Tag>`);
      return xml(`<Tagging xmlns="${NS}"><TagSet>${tags.join('')}</TagSet></Tagging>`);
    }
  }
}

function listBuckets(world: World, req: SandboxRequest, account: string, region: string, base: Base): SandboxResponse {
  const q = req.url.searchParams;
  const token = q.get('continuation-token') ?? undefined;
  const start = decodeToken(token);
  const attrs = { account, region, page: start?.page ?? 1 };
  const operation = 's3:ListBuckets';
  const hit = world.env.faults.take('aws', operation, attrs);
  if (hit && hit.spec.kind !== 'hang') return render({ ...base, operation, attrs, fault: hit }, faultOf(hit, false));
  if (token && !start) return render({ ...base, operation, attrs }, error(400, 'InvalidArgument', 'The continuation token provided is incorrect'));
  const all = (world.accounts.get(account)!.spec.s3?.buckets ?? []).slice().sort((a, b) => a.name.localeCompare(b.name));
  // Why BucketRegion only with a parameter: ListBuckets includes it "if the request contains at least one valid parameter".
  const withRegion =
    [...q.keys()].some((k) => ['max-buckets', 'continuation-token', 'prefix', 'bucket-region'].includes(k)) &&
    world.scenario.options?.s3ListBucketRegion !== false;
  const max = q.has('max-buckets') ? Math.min(Math.max(Number(q.get('max-buckets')), 1), 10_000) : all.length || 1;
  const offset = start?.offset ?? 0;
  const page = all.slice(offset, offset + max);
  const more = offset + max < all.length;
  const buckets = page.map(
    (b) =>
      `<Bucket>${el('Name', b.name)}${el('CreationDate', timeOf(b.created ?? '-400d', world.base))}${withRegion ? el('BucketRegion', b.listedRegion ?? b.region ?? 'us-east-1') : ''}</Bucket>`,
  );
  const body =
    `<ListAllMyBucketsResult xmlns="${NS}"><Buckets>${buckets.join('')}</Buckets><Owner><DisplayName>sandbox</DisplayName><ID>${account}0000</ID></Owner>` +
    (more ? el('ContinuationToken', encodeToken(offset + max, (start?.page ?? 1) + 1)) : '') +
    '</ListAllMyBucketsResult>';
  return render({ ...base, operation, attrs, fault: hit }, xml(body));
}

const GROUPS = {
  'public-read': 'http://acs.amazonaws.com/groups/global/AllUsers',
  'authenticated-read': 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
};

function acl(b: AwsBucketSpec): string {
  const owner = '<ID>0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9</ID><DisplayName>sandbox</DisplayName>';
  const grant = (grantee: string, perm: string) =>
    `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ${grantee}</Grantee><Permission>${perm}</Permission></Grant>`;
  const grants = [grant(`xsi:type="CanonicalUser">${owner}`, 'FULL_CONTROL')];
  if (b.acl && b.acl !== 'private') grants.push(grant(`xsi:type="Group"><URI>${GROUPS[b.acl]}</URI>`, 'READ'));
  return `<AccessControlPolicy xmlns="${NS}"><Owner>${owner}</Owner><AccessControlList>${grants.join('')}</AccessControlList></AccessControlPolicy>`;
}

/** What S3's policy status computes, reduced: an Allow to everyone without a condition makes a bucket public. */
function policyIsPublic(policy: unknown): boolean {
  const st = (policy as { Statement?: unknown }).Statement;
  const list = (Array.isArray(st) ? st : st ? [st] : []) as Array<{ Effect?: string; Principal?: unknown; Condition?: unknown }>;
  return list.some((s) => s.Effect === 'Allow' && !s.Condition && (s.Principal === '*' || (s.Principal as { AWS?: unknown } | undefined)?.AWS === '*'));
}

function bucketsByName(world: World): Map<string, { account: string; spec: AwsBucketSpec }> {
  return memo(world, 's3:buckets', () => {
    const m = new Map<string, { account: string; spec: AwsBucketSpec }>();
    for (const [id, a] of world.accounts) for (const spec of a.spec.s3?.buckets ?? []) m.set(spec.name, { account: id, spec });
    return m;
  });
}
