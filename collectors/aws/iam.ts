/** The `aws-iam` collector: IAM evidence of every account, from bulk operations. */
import type { IAMClient } from '@aws-sdk/client-iam';
import { loadDiscovery, loadIam } from './sdk.js';
import type { CollectContext, Collector, CollectorEvent } from '../../src/types.js';
import { clientConfig } from './clients.js';
import { collectAccounts } from './collect-accounts.js';
import { step } from './call.js';
import { regionsOf, type AwsConfig } from './config.js';
import {
  ACCOUNT_SUMMARY,
  ADMIN_PRINCIPALS,
  PASSWORD_POLICY,
  VIRTUAL_MFA,
  accountSummary,
  adminPrincipals,
  passwordPolicy,
  virtualMfaDevices,
} from './iam-account.js';
import { AUTHORIZATION_DETAILS, authorizationDetails } from './iam-details.js';
import { CREDENTIAL_REPORT, credentialReport } from './iam-report.js';

const TYPES = [CREDENTIAL_REPORT, ACCOUNT_SUMMARY, PASSWORD_POLICY, AUTHORIZATION_DETAILS, VIRTUAL_MFA, ADMIN_PRINCIPALS];

/** Account discovery and identity: needed by every AWS collector. */
export const ACCOUNT_PERMISSIONS = ['sts:GetCallerIdentity', 'sts:AssumeRole', 'organizations:ListAccounts'];

export const awsIamCollector: Collector<AwsConfig> = {
  meta: {
    id: 'aws-iam',
    source: 'aws',
    title: 'AWS IAM: credential report, password policy, authorization details, MFA devices, administrators',
    produces: TYPES,
    permissions: [
      ...ACCOUNT_PERMISSIONS,
      'iam:GenerateCredentialReport',
      'iam:GetCredentialReport',
      'iam:GetAccountSummary',
      'iam:GetAccountPasswordPolicy',
      'iam:GetAccountAuthorizationDetails',
      'iam:ListVirtualMFADevices',
      'iam:ListEntitiesForPolicy',
    ],
  },
  async prepare() {
    await Promise.all([loadIam(), loadDiscovery()]);
  },
  collect(ctx) {
    return collectAccounts(
      ctx,
      TYPES,
      (account) => [account],
      async function* (account) {
        const { IAMClient } = await loadIam();
        yield* iamAccount(ctx, account.id, new IAMClient(clientConfig(ctx, regionsOf(ctx.config)[0]!, account.credentials)));
      },
    );
  },
};

/** IAM is global: one scope per account, each type collected on its own so one denial does not hide the others. */
async function* iamAccount(ctx: CollectContext<AwsConfig>, account: string, iam: IAMClient): AsyncGenerator<CollectorEvent> {
  yield* step(CREDENTIAL_REPORT, account, 'iam:GetCredentialReport', () => credentialReport(ctx, iam, account));
  yield* step(ACCOUNT_SUMMARY, account, 'iam:GetAccountSummary', () => accountSummary(ctx, iam, account));
  yield* step(PASSWORD_POLICY, account, 'iam:GetAccountPasswordPolicy', () => passwordPolicy(ctx, iam, account));
  yield* step(AUTHORIZATION_DETAILS, account, 'iam:GetAccountAuthorizationDetails', () => authorizationDetails(ctx, iam, account));
  yield* step(VIRTUAL_MFA, account, 'iam:ListVirtualMFADevices', () => virtualMfaDevices(ctx, iam, account));
  yield* step(ADMIN_PRINCIPALS, account, 'iam:ListEntitiesForPolicy', () => adminPrincipals(ctx, iam, account));
  iam.destroy();
}
