/** `aws.secretsmanager.secret`: one record per secret's metadata (never its value) per account and region. */
export type { AwsSecretsmanagerSecret as SecretsManagerSecret } from '../../../src/evidence/types.generated.js';

export const SECRET = 'aws.secretsmanager.secret';
