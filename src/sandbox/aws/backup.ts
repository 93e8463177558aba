/**
 * AWS Backup (restJson1): the operation is the route (method + path, labels URL-encoded), paging is
 * `nextToken`/`maxResults` in the query string and `NextToken` in the body, timestamps are epoch seconds,
 * errors carry `x-amzn-ErrorType` and a `Code`/`Message` body. A region without plans or vaults answers empty lists.
 */
import type { AwsCall } from './index.js';
import { stableId, timeOf } from './model.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';
import { regionOf, type AwsBackupSpec } from './resources.js';
import { pageOf, inRegion } from './pages.js';

type Plan = NonNullable<AwsBackupSpec['plans']>[number];

const ROUTES: Array<[string, RegExp, string[]]> = [
  ['ListBackupPlans', /^\/backup\/plans\/?$/, []],
  ['GetBackupPlan', /^\/backup\/plans\/([^/]+)\/?$/, ['BackupPlanId']],
  ['ListBackupSelections', /^\/backup\/plans\/([^/]+)\/selections\/?$/, ['BackupPlanId']],
  ['GetBackupSelection', /^\/backup\/plans\/([^/]+)\/selections\/([^/]+)\/?$/, ['BackupPlanId', 'SelectionId']],
  ['ListProtectedResources', /^\/resources\/?$/, []],
  ['ListRecoveryPointsByResource', /^\/resources\/([^/]+)\/recovery-points\/?$/, ['ResourceArn']],
  ['ListRestoreJobs', /^\/restore-jobs\/?$/, []],
  ['ListRestoreTestingPlans', /^\/restore-testing\/plans\/?$/, []],
];

/** The operation a GET request names, with its path labels. */
export function backupRoute(method: string, path: string): { op: string; labels: Record<string, string> } {
  for (const [op, re, names] of ROUTES) {
    const m = re.exec(path);
    if (m && method === 'GET') return { op, labels: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return { op: 'unknown', labels: {} };
}

export function backup(call: AwsCall): AwsAnswer {
  const spec = call.account.spec.backup ?? {};
  const plans = inRegion(call, spec.plans);
  const base = call.world.base;
  switch (call.op) {
    case 'ListBackupPlans':
      return paged(call, plans, 'BackupPlansList', (p) => ({
        ...planIds(call, p),
        BackupPlanName: p.name,
        CreationDate: epoch(timeOf('-300d', base)),
        LastExecutionDate: epoch(timeOf('-1d', base)),
      }));
    case 'GetBackupPlan':
      return withPlan(call, plans, (p) =>
        okJson({
          ...planIds(call, p),
          CreationDate: epoch(timeOf('-300d', base)),
          BackupPlan: {
            BackupPlanName: p.name,
            Rules: p.rules.map((r) => ({
              RuleName: r.name,
              TargetBackupVaultName: r.vault ?? 'Default',
              ScheduleExpression: r.schedule ?? 'cron(0 5 ? * * *)',
              StartWindowMinutes: 480,
              CompletionWindowMinutes: 10080,
              ...(r.deleteAfterDays !== undefined ? { Lifecycle: { DeleteAfterDays: r.deleteAfterDays } } : {}),
              RuleId: stableId(`${p.name}/${r.name}`, 36, 'abcdef0123456789'),
            })),
          },
        }),
      );
    case 'ListBackupSelections':
      return withPlan(call, plans, (p) =>
        paged(call, p.selections ?? [], 'BackupSelectionsList', (s) => ({
          SelectionId: selectionId(p, s.name),
          SelectionName: s.name,
          BackupPlanId: planIds(call, p).BackupPlanId,
          CreationDate: epoch(timeOf('-300d', base)),
          IamRoleArn: role(call),
        })),
      );
    case 'GetBackupSelection':
      return withPlan(call, plans, (p) => {
        const s = (p.selections ?? []).find((x) => selectionId(p, x.name) === call.labels.SelectionId);
        if (!s) return fail('ResourceNotFoundException', `Selection ${call.labels.SelectionId} not found`, 404);
        return okJson({
          BackupPlanId: planIds(call, p).BackupPlanId,
          SelectionId: call.labels.SelectionId,
          CreationDate: epoch(timeOf('-300d', base)),
          BackupSelection: {
            SelectionName: s.name,
            IamRoleArn: role(call),
            Resources: s.resources ?? [],
            ListOfTags: Object.entries(s.tags ?? {}).map(([k, v]) => ({ ConditionType: 'STRINGEQUALS', ConditionKey: k, ConditionValue: v })),
            NotResources: [],
          },
        });
      });
    case 'ListProtectedResources': {
      const list = inRegion(call, spec.protected);
      return paged(call, list, 'Results', (r) => {
        const last = r.points.map((x) => timeOf(x.at, base)!).sort((a, b) => b.getTime() - a.getTime())[0];
        return { ResourceArn: r.arn, ResourceType: r.type, LastBackupTime: epoch(last), ResourceName: r.arn.split(/[:/]/).pop() };
      });
    }
    case 'ListRecoveryPointsByResource': {
      const r = (spec.protected ?? []).find((x) => x.arn === call.labels.ResourceArn && regionOf(x) === call.region);
      // Why: a resource AWS Backup never protected has no recovery points; Backup answers an empty list, not an error.
      const points = (r?.points ?? []).map((p, i) => ({ p, i })).sort((a, b) => timeOf(b.p.at, base)!.getTime() - timeOf(a.p.at, base)!.getTime());
      return paged(call, points, 'RecoveryPoints', ({ p, i }) => ({
        RecoveryPointArn: `arn:aws:backup:${call.region}:${call.account.id}:recovery-point:${stableId(`${call.labels.ResourceArn}/${i}`, 36, 'abcdef0123456789')}`,
        CreationDate: epoch(timeOf(p.at, base)),
        Status: p.status ?? 'COMPLETED',
        BackupVaultName: 'Default',
        BackupSizeBytes: 1073741824,
        ResourceName: call.labels.ResourceArn!.split(/[:/]/).pop(),
      }));
    }
    case 'ListRestoreJobs': {
      let list = inRegion(call, spec.restores);
      if (call.query.status) list = list.filter((r) => (r.status ?? 'COMPLETED') === call.query.status);
      return paged(call, list, 'RestoreJobs', (r) => {
        const at = timeOf(r.at, base)!;
        const status = r.status ?? 'COMPLETED';
        return {
          AccountId: call.account.id,
          RestoreJobId: stableId(`${r.resource}/${r.at}`, 36, 'ABCDEF0123456789'),
          RecoveryPointArn: `arn:aws:backup:${call.region}:${call.account.id}:recovery-point:${stableId(`${r.resource}/rp`, 36, 'abcdef0123456789')}`,
          SourceResourceArn: r.resource,
          CreationDate: epoch(at),
          ...(status === 'COMPLETED' ? { CompletionDate: epoch(new Date(at.getTime() + 1_800_000)), CreatedResourceArn: `${r.resource}-restored` } : {}),
          Status: status,
          PercentDone: status === 'COMPLETED' ? '100.00%' : '0.00%',
          ResourceType: r.resource.split(':')[2] === 'rds' ? 'RDS' : r.resource.split(':')[2] === 'dynamodb' ? 'DynamoDB' : 'EBS',
          IamRoleArn: role(call),
          ...(r.testingPlan
            ? { CreatedBy: { RestoreTestingPlanArn: `arn:aws:backup:${call.region}:${call.account.id}:restore-testing-plan:${r.testingPlan}` } }
            : {}),
        };
      });
    }
    case 'ListRestoreTestingPlans': {
      const list = inRegion(call, spec.restoreTestingPlans);
      // Why other names: this newer operation pages with `MaxResults`/`NextToken` in the query string (max 1000).
      return paged(
        call,
        list,
        'RestoreTestingPlans',
        (r) => ({
          RestoreTestingPlanArn: `arn:aws:backup:${call.region}:${call.account.id}:restore-testing-plan:${r.name}`,
          RestoreTestingPlanName: r.name,
          CreationTime: epoch(timeOf('-300d', base)),
          ScheduleExpression: r.schedule ?? 'cron(0 1 ? * 1 *)',
          ...(r.lastRun ? { LastExecutionTime: epoch(timeOf(r.lastRun, base)) } : {}),
        }),
        ['MaxResults', 'NextToken'],
      );
    }
    default:
      return fail('UnknownOperationException', `unknown operation ${call.op}`, 404);
  }
}

function planIds(call: AwsCall, p: Plan): { BackupPlanArn: string; BackupPlanId: string; VersionId: string } {
  const id = stableId(`${call.account.id}/${p.name}`, 36, 'abcdef0123456789');
  return {
    BackupPlanArn: `arn:aws:backup:${call.region}:${call.account.id}:backup-plan:${id}`,
    BackupPlanId: id,
    VersionId: stableId(`${p.name}/v`, 32, 'abcdef0123456789'),
  };
}

function selectionId(p: Plan, name: string): string {
  return stableId(`${p.name}/${name}`, 36, 'abcdef0123456789');
}

function role(call: AwsCall): string {
  return `arn:aws:iam::${call.account.id}:role/service-role/AWSBackupDefaultServiceRole`;
}

function withPlan(call: AwsCall, plans: Plan[], then: (p: Plan) => AwsAnswer): AwsAnswer {
  const p = plans.find((x) => planIds(call, x).BackupPlanId === call.labels.BackupPlanId);
  if (!p) return fail('ResourceNotFoundException', `Failed reading Backup plan with provided version`, 404);
  return then(p);
}

/** maxResults 1–1000 (default 1000), an opaque nextToken. */
function paged<T>(call: AwsCall, all: T[], member: string, render: (i: T) => unknown, [maxName, tokenName] = ['maxResults', 'nextToken']): AwsAnswer {
  const max = call.query[maxName] === undefined ? 1000 : Number(call.query[maxName]);
  if (!Number.isInteger(max) || max < 1 || max > 1000) return fail('InvalidParameterValueException', `${maxName} must be between 1 and 1000`);
  const page = pageOf(all, call.query[tokenName], max);
  if (!page) return fail('InvalidParameterValueException', `Invalid ${tokenName}`);
  return okJson({ [member]: page.items.map(render), ...(page.next ? { NextToken: page.next } : {}) });
}
