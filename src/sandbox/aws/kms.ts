/** KMS (awsJson1_1, `TrentService.*`): ListKeys, DescribeKey, GetKeyRotationStatus. */
import type { AwsCall } from './index.js';
import { stableId, timeOf, type TimeSpec } from './model.js';
import { inRegion, limitOf, pageOf } from './pages.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';

export interface AwsKmsKeySpec {
  /** Key id (a UUID); default derived from account, region and alias. */
  id?: string;
  /** Scenario name of the key (its alias without `alias/`); also seeds the id. */
  alias: string;
  region?: string;
  /** CUSTOMER (default) or AWS (an AWS managed key, `aws/<service>`). */
  manager?: 'CUSTOMER' | 'AWS';
  /** KeySpec: SYMMETRIC_DEFAULT (default), RSA_2048, ECC_NIST_P256, HMAC_256, … */
  spec?: string;
  state?: 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'Unavailable';
  /** Automatic rotation: false/absent = off, true = every 365 days, a number = the rotation period in days. */
  rotation?: boolean | number;
  origin?: 'AWS_KMS' | 'EXTERNAL' | 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE';
  created?: TimeSpec;
}

interface Key {
  spec: AwsKmsKeySpec;
  id: string;
  arn: string;
}

export function kms(call: AwsCall): AwsAnswer {
  const keys = inRegion(call, call.account.spec.kmsKeys).map((spec) => keyOf(call, spec));
  switch (call.op) {
    case 'ListKeys': {
      const page = pageOf(keys, call.json.Marker, limitOf(call.json.Limit, 100, 1000));
      if (!page)
        return fail('InvalidMarkerException', 'The request was rejected because the marker that specifies where pagination should next begin is not valid.');
      return okJson({
        Keys: page.items.map((k) => ({ KeyId: k.id, KeyArn: k.arn })),
        Truncated: Boolean(page.next),
        ...(page.next ? { NextMarker: page.next } : {}),
      });
    }
    case 'DescribeKey':
      return withKey(call, keys, (k) => okJson({ KeyMetadata: metadata(call, k) }));
    case 'GetKeyRotationStatus':
      return withKey(call, keys, (k) => {
        const spec = k.spec.spec ?? 'SYMMETRIC_DEFAULT';
        if (spec !== 'SYMMETRIC_DEFAULT') return fail('UnsupportedOperationException', `${k.arn} key spec ${spec} does not support automatic key rotation.`);
        if (k.spec.state === 'PendingDeletion' || k.spec.state === 'PendingImport')
          return fail('KMSInvalidStateException', `${k.arn} is pending ${k.spec.state === 'PendingDeletion' ? 'deletion' : 'import'}.`);
        const aws = k.spec.manager === 'AWS';
        const on = aws || Boolean(k.spec.rotation);
        const days = typeof k.spec.rotation === 'number' ? k.spec.rotation : 365;
        return okJson({
          KeyId: k.arn,
          KeyRotationEnabled: on,
          ...(on ? { RotationPeriodInDays: days, NextRotationDate: epoch(new Date(call.world.base.getTime() + 30 * 86_400_000)) } : {}),
        });
      });
    default:
      return fail('UnknownOperationException', `unknown operation ${call.op}`);
  }
}

function keyOf(call: AwsCall, spec: AwsKmsKeySpec): Key {
  const region = spec.region ?? 'us-east-1';
  const hex = stableId(`${call.account.id}/${region}/${spec.alias}`, 32, '0123456789abcdef');
  const id = spec.id ?? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { spec, id, arn: `arn:aws:kms:${region}:${call.account.id}:key/${id}` };
}

function withKey(call: AwsCall, keys: Key[], then: (k: Key) => AwsAnswer): AwsAnswer {
  const ref = String(call.json.KeyId ?? '');
  const k = keys.find((x) => x.id === ref || x.arn === ref || `alias/${x.spec.alias}` === ref);
  return k ? then(k) : fail('NotFoundException', `Key '${ref}' does not exist`);
}

function metadata(call: AwsCall, k: Key): Record<string, unknown> {
  const s = k.spec;
  const spec = s.spec ?? 'SYMMETRIC_DEFAULT';
  const state = s.state ?? 'Enabled';
  const usage = spec.startsWith('HMAC') ? 'GENERATE_VERIFY_MAC' : spec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY';
  return {
    AWSAccountId: call.account.id,
    KeyId: k.id,
    Arn: k.arn,
    CreationDate: epoch(timeOf(s.created ?? '-500d', call.world.base)),
    Enabled: state === 'Enabled',
    Description:
      s.manager === 'AWS' ? `Default key that protects my ${s.alias.replace(/^aws\//, '')} data when no other key is defined` : `${s.alias} (sandbox)`,
    KeyUsage: usage,
    KeyState: state,
    ...(state === 'PendingDeletion' ? { DeletionDate: epoch(new Date(call.world.base.getTime() + 7 * 86_400_000)), PendingDeletionWindowInDays: 7 } : {}),
    Origin: s.origin ?? 'AWS_KMS',
    KeyManager: s.manager ?? 'CUSTOMER',
    CustomerMasterKeySpec: spec,
    KeySpec: spec,
    ...(usage === 'ENCRYPT_DECRYPT' ? { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } : {}),
    MultiRegion: false,
  };
}
