/** `aws.secretsmanager.secret`: one record per secret's metadata (never its value) per account and region. */
export const SECRET = 'aws.secretsmanager.secret';

export interface SecretsManagerSecret {
  account: string;
  region: string;
  arn: string;
  name: string;
  rotationEnabled: boolean;
  rotationDays?: number;
  scheduleExpression?: string;
  lastRotatedDate?: string;
  lastChangedDate?: string;
  createdDate?: string;
  deletedDate?: string;
  primaryRegion?: string;
  owningService?: string;
}
