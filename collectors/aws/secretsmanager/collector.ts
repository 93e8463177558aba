/** The `aws-secretsmanager` collector: every secret's rotation metadata per account and region, from ListSecrets alone. */
import type { ListSecretsCommandOutput, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { iso, paginate, rawOf, record } from '../call.js';
import type { AwsConfig } from '../config.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import { SECRET, type SecretsManagerSecret } from './evidence.js';

const load = () => import('@aws-sdk/client-secrets-manager');

type Sdk = typeof import('@aws-sdk/client-secrets-manager');

export const awsSecretsmanagerCollector = regionalCollector({
  id: 'aws-secretsmanager',
  title: 'AWS Secrets Manager: secret metadata with rotation schedule and last rotation (never a secret value)',
  types: [SECRET],
  permissions: ['secretsmanager:ListSecrets'],
  load,
  client: (sdk, config) => new sdk.SecretsManagerClient(config),
  async *region(ctx, sdk, client, account, region) {
    yield* regionalStep(ctx, SECRET, `${account}/${region}`, 'secretsmanager:ListSecrets', () => secrets(ctx, sdk, client, account, region));
  },
});

async function* secrets(ctx: CollectContext<AwsConfig>, sdk: Sdk, sm: SecretsManagerClient, account: string, region: string): AsyncGenerator<EvidenceRecord> {
  const scope = `${account}/${region}`;
  const op = 'secretsmanager:ListSecrets';
  const pages = paginate<ListSecretsCommandOutput>(
    ctx,
    sm,
    op,
    (NextToken) => new sdk.ListSecretsCommand({ MaxResults: 100, NextToken }),
    (o) => o.NextToken,
  );
  for await (const { out: page, page: n } of pages) {
    // Why the raw answer is safe to keep: ListSecrets returns metadata only; values need GetSecretValue, which we never call.
    await ctx.raw(scope, 'ListSecrets', rawOf(page), n);
    for (const s of page.SecretList ?? []) {
      const data: SecretsManagerSecret = {
        account,
        region,
        arn: need(s.ARN, 'ARN', op),
        name: need(s.Name, 'Name', op),
        // Why absent reads as off: RotationEnabled is optional in ListSecrets' model; an absence proves no rotation,
        // and "off" is the judgement that fails, so it can never turn into a pass.
        rotationEnabled: s.RotationEnabled === true,
        rotationDays: s.RotationRules?.AutomaticallyAfterDays,
        scheduleExpression: s.RotationRules?.ScheduleExpression,
        lastRotatedDate: iso(s.LastRotatedDate),
        lastChangedDate: iso(s.LastChangedDate),
        createdDate: iso(s.CreatedDate),
        deletedDate: iso(s.DeletedDate),
        primaryRegion: s.PrimaryRegion,
        owningService: s.OwningService,
      };
      yield record(SECRET, scope, op, page, data);
    }
  }
}
