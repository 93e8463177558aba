/** AWS Organizations (awsJson1_1, `AWSOrganizationsV20161128.*`): DescribeOrganization and ListAccounts. */
import type { AwsCall } from './index.js';
import { decodeToken, encodeToken, stableId, timeOf } from './model.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';

export function organizations(call: AwsCall): AwsAnswer {
  const { world, account } = call;
  // Why: only the management account (or a delegated administrator) may read the organization.
  if (!world.scenario.organization) return fail('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  if (account.id !== world.management) {
    return fail('AccessDeniedException', "You don't have permissions to access this resource.");
  }
  const orgId = world.scenario.organization.id ?? `o-${stableId(world.management, 10, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
  switch (call.op) {
    case 'DescribeOrganization':
      return okJson({
        Organization: {
          Id: orgId,
          Arn: `arn:aws:organizations::${world.management}:organization/${orgId}`,
          FeatureSet: 'ALL',
          MasterAccountArn: `arn:aws:organizations::${world.management}:account/${orgId}/${world.management}`,
          MasterAccountId: world.management,
        },
      });
    case 'ListAccounts': {
      const all = [...world.accounts.values()];
      // Why 20: the documented maximum (and default) page size of ListAccounts.
      const max = Math.min(Math.max(Number(call.json.MaxResults ?? 20), 1), 20);
      const start = decodeToken(call.json.NextToken as string | undefined);
      if (call.json.NextToken && !start) return fail('InvalidInputException', 'The NextToken is invalid.');
      const offset = start?.offset ?? 0;
      const slice = all.slice(offset, offset + max);
      const next = offset + max < all.length ? encodeToken(offset + max, call.page + 1) : undefined;
      return okJson({
        Accounts: slice.map((a) => ({
          Id: a.id,
          Arn: `arn:aws:organizations::${world.management}:account/${orgId}/${a.id}`,
          Email: a.spec.email ?? `aws+${a.spec.name}@example.com`,
          Name: a.spec.name,
          Status: a.spec.status ?? 'ACTIVE',
          State: a.spec.status ?? 'ACTIVE',
          JoinedMethod: a.id === world.management ? 'CREATED' : 'INVITED',
          JoinedTimestamp: epoch(timeOf('-700d', world.base)),
        })),
        ...(next ? { NextToken: next } : {}),
      });
    }
    default:
      return fail('UnknownOperationException', `unknown operation ${call.op}`);
  }
}
