/**
 * Amazon Inspector (inspector2; restJson1, signing name `inspector2`): BatchGetAccountStatus
 * (`POST /status/batch/get`) and ListFindings (`POST /findings/list`, `filterCriteria`, `maxResults` 1–100 and
 * `nextToken` in the body). Members are camelCase, timestamps epoch seconds, errors `{ message }` with
 * `x-amzn-ErrorType`. An account that never enabled Inspector in a region is answered, not refused: its state is
 * `DISABLED` (as is each resource type's).
 */
import type { AwsCall } from './index.js';
import { stableId, timeOf, type TimeSpec } from './model.js';
import { pageOf } from './pages.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';
import { visible } from './guardduty.js';

type ScanStatus = 'ENABLED' | 'ENABLING' | 'DISABLED' | 'DISABLING' | 'SUSPENDED' | 'SUSPENDING';
/** One region's Inspector: absent region = DISABLED everywhere. Scan types default to ENABLED when the region is given. */
export interface AwsInspectorSpec {
  ec2?: ScanStatus;
  ecr?: ScanStatus;
  lambda?: ScanStatus;
  lambdaCode?: ScanStatus;
  findings?: Array<{
    severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' | 'UNTRIAGED';
    at: TimeSpec;
    status?: 'ACTIVE' | 'SUPPRESSED' | 'CLOSED';
    title?: string;
    resource?: string;
    resourceType?: string;
  }>;
}

export function inspectorRoute(method: string, path: string): { op: string; labels: Record<string, string> } {
  if (method === 'POST' && /^\/status\/batch\/get\/?$/.test(path)) return { op: 'BatchGetAccountStatus', labels: {} };
  if (method === 'POST' && /^\/findings\/list\/?$/.test(path)) return { op: 'ListFindings', labels: {} };
  return { op: 'unknown', labels: {} };
}

type Finding = NonNullable<AwsInspectorSpec['findings']>[number];
const FILTERS: Record<string, (f: Finding, account: string) => string> = {
  findingStatus: (f) => f.status ?? 'ACTIVE',
  severity: (f) => f.severity,
  awsAccountId: (_f, a) => a,
};

export function inspector2(call: AwsCall): AwsAnswer {
  switch (call.op) {
    case 'BatchGetAccountStatus': {
      const ids = (call.json.accountIds as string[] | undefined) ?? [call.account.id];
      if (ids.length > 10) return fail('ValidationException', 'accountIds must hold at most 10 ids');
      const state = (s: ScanStatus) => ({ status: s, errorCode: s === 'ENABLED' ? 'ALREADY_ENABLED' : 'RESOURCE_NOT_FOUND', errorMessage: '' });
      // Why failedAccounts: another account's status is answered only to a delegated administrator (of its members).
      const seen = new Set(visible(call));
      const mine = ids.filter((a) => seen.has(a));
      const others = ids.filter((a) => !seen.has(a));
      return okJson({
        accounts: mine.map((a) => {
          const spec = call.world.accounts.get(a)!.spec.inspector?.[call.region];
          const of = (k: 'ec2' | 'ecr' | 'lambda' | 'lambdaCode'): ScanStatus => (spec ? (spec[k] ?? 'ENABLED') : 'DISABLED');
          const kinds = { ec2: of('ec2'), ecr: of('ecr'), lambda: of('lambda'), lambdaCode: of('lambdaCode') };
          const overall: ScanStatus = Object.values(kinds).some((s) => s === 'ENABLED') ? 'ENABLED' : 'DISABLED';
          return {
            accountId: a,
            state: state(overall),
            resourceState: { ec2: state(kinds.ec2), ecr: state(kinds.ecr), lambda: state(kinds.lambda), lambdaCode: state(kinds.lambdaCode) },
          };
        }),
        failedAccounts: others.map((a) => ({
          accountId: a,
          status: 'DISABLED',
          errorCode: 'ACCESS_DENIED',
          errorMessage: 'The caller is not the delegated administrator of this account.',
        })),
      });
    }
    case 'ListFindings': {
      const max = call.json.maxResults === undefined ? 50 : Number(call.json.maxResults);
      if (!Number.isInteger(max) || max < 1 || max > 100) return fail('ValidationException', 'maxResults must be between 1 and 100');
      let list = visible(call).flatMap((account) =>
        (call.world.accounts.get(account)!.spec.inspector?.[call.region]?.findings ?? []).map((f, i) => ({ f, i, account })),
      );
      for (const [field, filters] of Object.entries((call.json.filterCriteria ?? {}) as Record<string, Array<{ comparison: string; value: string }>>)) {
        const get = FILTERS[field];
        if (!get) return fail('ValidationException', `The sandbox does not filter on ${field}`);
        // Why OR: the values of one string filter list are alternatives (EQUALS CRITICAL or EQUALS HIGH).
        const eq = filters.filter((x) => x.comparison === 'EQUALS').map((x) => x.value);
        const ne = filters.filter((x) => x.comparison === 'NOT_EQUALS').map((x) => x.value);
        list = list.filter(({ f, account }) => (eq.length === 0 || eq.includes(get(f, account))) && !ne.includes(get(f, account)));
      }
      const page = pageOf(list, call.json.nextToken, max);
      if (!page) return fail('ValidationException', 'Invalid nextToken');
      return okJson({ findings: page.items.map(({ f, i, account }) => render(call, account, f, i)), ...(page.next ? { nextToken: page.next } : {}) });
    }
    default:
      return fail('UnknownOperationException', `unknown operation ${call.op}`, 404);
  }
}

function render(call: AwsCall, account: string, f: Finding, i: number): unknown {
  const first = timeOf(f.at, call.world.base)!;
  const type = f.resourceType ?? 'AWS_EC2_INSTANCE';
  const id = f.resource ?? `i-${stableId(`${account}/${call.region}/${i}`, 17, 'abcdef0123456789')}`;
  return {
    findingArn: `arn:aws:inspector2:${call.region}:${account}:finding/${stableId(`${account}/${call.region}/f${i}`, 32, 'abcdef0123456789')}`,
    awsAccountId: account,
    type: 'PACKAGE_VULNERABILITY',
    description: f.title ?? 'A vulnerable package is installed.',
    title: f.title ?? `CVE-2026-${1000 + i} - openssl`,
    remediation: { recommendation: { text: 'Upgrade the package to a fixed version.' } },
    severity: f.severity,
    firstObservedAt: epoch(first),
    lastObservedAt: epoch(timeOf('-1h', call.world.base)),
    updatedAt: epoch(timeOf('-1h', call.world.base)),
    status: f.status ?? 'ACTIVE',
    resources: [{ type, id, partition: 'aws', region: call.region }],
    inspectorScore: f.severity === 'CRITICAL' ? 9.8 : 7.5,
    fixAvailable: 'YES',
    exploitAvailable: 'NO',
  };
}
