/** Secrets Manager (awsJson1_1, `secretsmanager.*`): ListSecrets (metadata only; the sandbox holds no secret values). */
import type { AwsCall } from './index.js';
import { stableId, timeOf, type TimeSpec } from './model.js';
import { inRegion, limitOf, pageOf } from './pages.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';

export interface AwsSecretSpec {
  name: string;
  region?: string;
  created?: TimeSpec;
  /** Rotation: absent/false = off; otherwise the schedule and the last rotation (absent = never rotated). */
  rotation?: false | { days: number; lastRotated?: TimeSpec };
}

export function secretsmanager(call: AwsCall): AwsAnswer {
  if (call.op !== 'ListSecrets') return fail('UnknownOperationException', `unknown operation ${call.op}`);
  const page = pageOf(inRegion(call, call.account.spec.secrets), call.json.NextToken, limitOf(call.json.MaxResults, 100, 100));
  if (!page) return fail('InvalidNextTokenException', 'You provided an invalid NextToken value.');
  return okJson({ SecretList: page.items.map((s) => entry(call, s)), ...(page.next ? { NextToken: page.next } : {}) });
}

function entry(call: AwsCall, s: AwsSecretSpec): Record<string, unknown> {
  const region = s.region ?? 'us-east-1';
  const created = timeOf(s.created ?? '-300d', call.world.base)!;
  const rot = s.rotation || undefined;
  const last = rot?.lastRotated ? timeOf(rot.lastRotated, call.world.base) : undefined;
  return {
    ARN: `arn:aws:secretsmanager:${region}:${call.account.id}:secret:${s.name}-${stableId(s.name, 6, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}`,
    Name: s.name,
    RotationEnabled: Boolean(rot),
    ...(rot
      ? {
          RotationLambdaARN: `arn:aws:lambda:${region}:${call.account.id}:function:rotate-${s.name.replace(/[^A-Za-z0-9-]/g, '-')}`,
          RotationRules: { AutomaticallyAfterDays: rot.days },
        }
      : {}),
    ...(last ? { LastRotatedDate: epoch(last) } : {}),
    LastChangedDate: epoch(last ?? created),
    CreatedDate: epoch(created),
    SecretVersionsToStages: { [stableId(`${s.name}#v`, 32, '0123456789abcdef')]: ['AWSCURRENT'] },
  };
}
