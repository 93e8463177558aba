/**
 * The `aws-inspector` collector: BatchGetAccountStatus (the account's own status and each scan type's) and
 * ListFindings for ACTIVE findings of severity CRITICAL or HIGH (every page) per account and region. Inspector
 * answers an account that never enabled it with status `DISABLED`: recorded as such (a finding), with no findings
 * to read. The account appearing under `failedAccounts` is an error for the scope, never "disabled".
 */
import type { BatchGetAccountStatusCommandOutput, ListFindingsCommandOutput } from '@aws-sdk/client-inspector2';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { paginate, rawOf, record, send } from '../call.js';
import { viaDelegatedAdmin, type AwsConfig } from '../config.js';
import { AwsCallError } from '../errors.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import { findingFields, INSPECTOR_ADMIN_PERMISSIONS, inspectorViaAdmin, OPEN_FINDINGS } from './admin.js';
import { INSPECTOR_ACCOUNT, INSPECTOR_FINDING, INSPECTOR_SEVERITIES, type InspectorAccount, type InspectorFinding } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-inspector2');
type Client = InstanceType<Sdk['Inspector2Client']>;

export const awsInspectorCollector = regionalCollector({
  id: 'aws-inspector',
  title: 'Amazon Inspector: scanning status per region and active critical/high findings',
  types: [INSPECTOR_ACCOUNT, INSPECTOR_FINDING],
  permissions: ['inspector2:BatchGetAccountStatus', 'inspector2:ListFindings'],
  load: () => import('@aws-sdk/client-inspector2'),
  client: (sdk, config) => new sdk.Inspector2Client(config),
  aggregated: inspectorViaAdmin,
  aggregation: { when: (config) => viaDelegatedAdmin(config, 'inspector'), permissions: INSPECTOR_ADMIN_PERMISSIONS },
  async *region(ctx, sdk, client, account, region) {
    const scope = `${account}/${region}`;
    let status: string | undefined;
    let failure: unknown;
    yield* regionalStep(ctx, INSPECTOR_ACCOUNT, scope, 'inspector2:BatchGetAccountStatus', async function* () {
      try {
        const r = await accountStatus(ctx, sdk, client, account, region);
        status = r.data.status;
        yield r;
      } catch (err) {
        failure = err;
        throw err;
      }
    });
    yield* regionalStep(ctx, INSPECTOR_FINDING, scope, 'inspector2:ListFindings', async function* () {
      if (status === undefined) throw failure;
      // Why no call: an account with Inspector off holds no active findings (the status record is the finding).
      if (status === 'DISABLED') {
        ctx.log.info('aws inspector disabled in region', { scope });
        return;
      }
      yield* findings(ctx, sdk, client, account, region);
    });
  },
});

async function accountStatus(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
): Promise<EvidenceRecord<InspectorAccount>> {
  const scope = `${account}/${region}`;
  const op = 'inspector2:BatchGetAccountStatus';
  const out = await send<BatchGetAccountStatusCommandOutput>(ctx, client, new sdk.BatchGetAccountStatusCommand({ accountIds: [account] }), op);
  await ctx.raw(scope, 'BatchGetAccountStatus', rawOf(out));
  const failed = (out.failedAccounts ?? []).find((f) => f.accountId === account);
  if (failed)
    throw new AwsCallError(
      op,
      Object.assign(new Error(`Inspector could not give the account's status: ${failed.errorCode} ${failed.errorMessage ?? ''}`), {
        name: failed.errorCode === 'ACCESS_DENIED' ? 'AccessDeniedException' : 'InternalServerException',
      }),
    );
  const a = need(
    need(out.accounts, 'accounts', op).find((x) => x.accountId === account),
    `the status of account ${account}`,
    op,
  );
  const resourceState: Record<string, string> = {};
  const states: Array<[string, unknown]> = Object.entries(a.resourceState ?? {});
  for (const [k, v] of states) if (v && typeof v === 'object' && 'status' in v && v.status) resourceState[k] = String(v.status);
  return record(INSPECTOR_ACCOUNT, scope, op, out, {
    account,
    region,
    mode: 'direct',
    status: need(a.state?.status, 'state.status', op),
    resourceState,
    findingsFilter: { status: 'ACTIVE', severities: [...INSPECTOR_SEVERITIES] },
  });
}

async function* findings(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<InspectorFinding>> {
  const scope = `${account}/${region}`;
  const op = 'inspector2:ListFindings';
  // Why awsAccountId: a delegated administrator's ListFindings also answers its members' findings; direct mode reads each account's own.
  const filterCriteria = { awsAccountId: [{ comparison: 'EQUALS' as const, value: account }], ...OPEN_FINDINGS };
  for await (const { out, page } of paginate<ListFindingsCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.ListFindingsCommand({ filterCriteria, maxResults: 100, nextToken: t }),
    (o) => o.nextToken,
  )) {
    await ctx.raw(scope, 'ListFindings', rawOf(out), page);
    for (const f of need(out.findings, 'findings', op, page)) {
      yield record(INSPECTOR_FINDING, scope, op, out, {
        account,
        region,
        mode: 'direct',
        ...findingFields(f, op, page),
      });
    }
  }
}
