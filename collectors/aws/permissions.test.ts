import { expect, it } from 'vitest';
import { awsPolicyDocument } from './permissions.js';

it('names the exact read actions of the data-protection collectors, and nothing broader', () => {
  const doc = awsPolicyDocument(['aws-s3', 'aws-kms', 'aws-acm', 'aws-secretsmanager', 'aws-logs']);
  const reads = doc.Statement.find((s) => s.Sid === 'Soc2EvidenceRead')!.Action;
  expect(reads).toEqual([
    'acm:ListCertificates',
    'kms:DescribeKey',
    'kms:GetKeyRotationStatus',
    'kms:ListKeys',
    'logs:DescribeLogGroups',
    'organizations:ListAccounts',
    's3:GetAccountPublicAccessBlock',
    's3:GetBucketAcl',
    's3:GetBucketLocation',
    's3:GetBucketPolicy',
    's3:GetBucketPolicyStatus',
    's3:GetBucketPublicAccessBlock',
    's3:GetBucketTagging',
    's3:GetBucketVersioning',
    's3:GetEncryptionConfiguration',
    's3:GetLifecycleConfiguration',
    's3:ListAllMyBuckets',
    'secretsmanager:ListSecrets',
    'sts:GetCallerIdentity',
  ]);
  // Why: secret values and object contents are never needed, and no wildcard may widen the grant.
  expect(reads.some((a) => a.includes('*') || a === 'secretsmanager:GetSecretValue' || a === 's3:GetObject' || a.startsWith('kms:Decrypt'))).toBe(false);
});
