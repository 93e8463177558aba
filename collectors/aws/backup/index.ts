/**
 * The `aws-backup` collector: backup plans (rules, selections), protected resources with their newest completed
 * recovery point, and restore jobs (including those of restore testing plans). A region where Backup holds no
 * plans and no recovery points answers empty lists, which is complete evidence of that.
 */
import type {
  GetBackupPlanCommandOutput,
  GetBackupSelectionCommandOutput,
  ListBackupPlansCommandOutput,
  ListBackupSelectionsCommandOutput,
  ListProtectedResourcesCommandOutput,
  ListRecoveryPointsByResourceCommandOutput,
  ListRestoreJobsCommandOutput,
  ListRestoreTestingPlansCommandOutput,
} from '@aws-sdk/client-backup';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { iso, paginate, rawOf, record, send } from '../call.js';
import type { AwsConfig } from '../config.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import {
  BACKUP_PLAN,
  PROTECTED_RESOURCE,
  RESTORE_JOB,
  RESTORE_TESTING_PLAN,
  type BackupPlan,
  type BackupProtectedResource,
  type BackupRestoreJob,
  type BackupRestoreTestingPlan,
} from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-backup');
type Client = InstanceType<Sdk['BackupClient']>;

export const awsBackupCollector = regionalCollector({
  id: 'aws-backup',
  title: 'AWS Backup: plans and selections, protected resources and their recovery points, restore jobs',
  types: [BACKUP_PLAN, PROTECTED_RESOURCE, RESTORE_JOB, RESTORE_TESTING_PLAN],
  populations: [RESTORE_JOB],
  permissions: [
    'backup:ListBackupPlans',
    'backup:GetBackupPlan',
    'backup:ListBackupSelections',
    'backup:GetBackupSelection',
    'backup:ListProtectedResources',
    'backup:ListRecoveryPointsByResource',
    'backup:ListRestoreJobs',
    'backup:ListRestoreTestingPlans',
  ],
  load: () => import('@aws-sdk/client-backup'),
  client: (sdk, config) => new sdk.BackupClient(config),
  async *region(ctx, sdk, client, account, region) {
    const scope = `${account}/${region}`;
    yield* regionalStep(ctx, BACKUP_PLAN, scope, 'backup:ListBackupPlans', () => plans(ctx, sdk, client, account, region));
    yield* regionalStep(ctx, PROTECTED_RESOURCE, scope, 'backup:ListProtectedResources', () => protectedResources(ctx, sdk, client, account, region));
    yield* regionalStep(ctx, RESTORE_JOB, scope, 'backup:ListRestoreJobs', () => restoreJobs(ctx, sdk, client, account, region));
    yield* regionalStep(ctx, RESTORE_TESTING_PLAN, scope, 'backup:ListRestoreTestingPlans', () => restoreTestingPlans(ctx, sdk, client, account, region));
  },
});

async function* plans(ctx: CollectContext<AwsConfig>, sdk: Sdk, client: Client, account: string, region: string): AsyncGenerator<EvidenceRecord<BackupPlan>> {
  const scope = `${account}/${region}`;
  const op = 'backup:ListBackupPlans';
  const list: NonNullable<ListBackupPlansCommandOutput['BackupPlansList']> = [];
  for await (const { out, page } of paginate<ListBackupPlansCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.ListBackupPlansCommand({ NextToken: t, MaxResults: 1000 }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'ListBackupPlans', rawOf(out), page);
    list.push(...(out.BackupPlansList ?? []));
  }
  for (const p of list) {
    if (!p.BackupPlanId || !p.BackupPlanArn) throw new SyntaxError('ListBackupPlans answered a plan without its id or ARN');
    const id = p.BackupPlanId;
    const plan = await send<GetBackupPlanCommandOutput>(ctx, client, new sdk.GetBackupPlanCommand({ BackupPlanId: id }), 'backup:GetBackupPlan');
    await ctx.raw(scope, `GetBackupPlan.${id}`, rawOf(plan));
    const selections: BackupPlan['selections'] = [];
    const sop = 'backup:ListBackupSelections';
    for await (const { out, page } of paginate<ListBackupSelectionsCommandOutput>(
      ctx,
      client,
      sop,
      (t) => new sdk.ListBackupSelectionsCommand({ BackupPlanId: id, NextToken: t, MaxResults: 1000 }),
      (o) => o.NextToken,
    )) {
      await ctx.raw(scope, `ListBackupSelections.${id}`, rawOf(out), page);
      for (const s of out.BackupSelectionsList ?? []) {
        const sel = await send<GetBackupSelectionCommandOutput>(
          ctx,
          client,
          new sdk.GetBackupSelectionCommand({ BackupPlanId: id, SelectionId: s.SelectionId }),
          'backup:GetBackupSelection',
        );
        await ctx.raw(scope, `GetBackupSelection.${id}.${s.SelectionId}`, rawOf(sel));
        const b = sel.BackupSelection;
        if (!b || !sel.SelectionId) throw new SyntaxError(`GetBackupSelection answered ${s.SelectionId} without its selection`);
        selections.push({
          id: sel.SelectionId,
          name: b.SelectionName ?? s.SelectionName ?? sel.SelectionId,
          resources: b.Resources ?? [],
          notResources: b.NotResources ?? [],
          tags: (b.ListOfTags ?? []).map((t) => ({ key: t.ConditionKey ?? '', value: t.ConditionValue ?? '', condition: t.ConditionType ?? 'STRINGEQUALS' })),
        });
      }
    }
    const rules = (plan.BackupPlan?.Rules ?? []).map((r) => ({
      // Required members of a BackupRule: an answer without them is invalid, never a rule with no name or vault.
      name: need(r.RuleName, `RuleName of plan ${id}`, op),
      vault: need(r.TargetBackupVaultName, `TargetBackupVaultName of plan ${id}`, op),
      ...(r.ScheduleExpression ? { schedule: r.ScheduleExpression } : {}),
      ...(r.Lifecycle?.DeleteAfterDays !== undefined ? { deleteAfterDays: r.Lifecycle.DeleteAfterDays } : {}),
    }));
    yield record(BACKUP_PLAN, scope, op, plan, {
      account,
      region,
      id,
      arn: p.BackupPlanArn,
      name: p.BackupPlanName ?? plan.BackupPlan?.BackupPlanName ?? id,
      ...(p.VersionId ? { versionId: p.VersionId } : {}),
      rules,
      selections,
    });
  }
}

async function* protectedResources(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<BackupProtectedResource>> {
  const scope = `${account}/${region}`;
  const op = 'backup:ListProtectedResources';
  const found: Array<{ r: NonNullable<ListProtectedResourcesCommandOutput['Results']>[number]; out: ListProtectedResourcesCommandOutput }> = [];
  for await (const { out, page } of paginate<ListProtectedResourcesCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.ListProtectedResourcesCommand({ NextToken: t, MaxResults: 1000 }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'ListProtectedResources', rawOf(out), page);
    for (const r of out.Results ?? []) found.push({ r, out });
  }
  for (const { r, out } of found) {
    if (!r.ResourceArn || !r.ResourceType) throw new SyntaxError('ListProtectedResources answered a resource without its ARN or type');
    let count = 0;
    let latest: { arn: string; at: Date } | undefined;
    const rop = 'backup:ListRecoveryPointsByResource';
    // Why every page: the API does not promise an order, so the newest completed point can be on any page.
    for await (const { out: pts, page } of paginate<ListRecoveryPointsByResourceCommandOutput>(
      ctx,
      client,
      rop,
      (t) => new sdk.ListRecoveryPointsByResourceCommand({ ResourceArn: r.ResourceArn, NextToken: t, MaxResults: 100 }),
      (o) => o.NextToken,
    )) {
      await ctx.raw(scope, `ListRecoveryPointsByResource.${r.ResourceArn.split(/[:/]/).pop()}`, rawOf(pts), page);
      for (const p of pts.RecoveryPoints ?? []) {
        count++;
        if (p.Status === 'COMPLETED' && p.CreationDate && p.RecoveryPointArn && (!latest || p.CreationDate > latest.at))
          latest = { arn: p.RecoveryPointArn, at: p.CreationDate };
      }
    }
    yield record(PROTECTED_RESOURCE, scope, op, out, {
      account,
      region,
      arn: r.ResourceArn,
      type: r.ResourceType,
      ...(r.LastBackupTime ? { lastBackupTime: iso(r.LastBackupTime) } : {}),
      recoveryPoints: count,
      ...(latest ? { latestCompleted: { arn: latest.arn, at: latest.at.toISOString() } } : {}),
    });
  }
}

async function* restoreJobs(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<BackupRestoreJob>> {
  const scope = `${account}/${region}`;
  const op = 'backup:ListRestoreJobs';
  for await (const { out, page } of paginate<ListRestoreJobsCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.ListRestoreJobsCommand({ NextToken: t, MaxResults: 1000 }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'ListRestoreJobs', rawOf(out), page);
    for (const j of out.RestoreJobs ?? []) {
      if (!j.RestoreJobId || !j.Status || !j.CreationDate) throw new SyntaxError('ListRestoreJobs answered a job without its id, status or creation date');
      yield record(RESTORE_JOB, scope, op, out, {
        account,
        region,
        id: j.RestoreJobId,
        status: j.Status,
        ...(j.ResourceType ? { resourceType: j.ResourceType } : {}),
        ...(j.SourceResourceArn ? { sourceResourceArn: j.SourceResourceArn } : {}),
        ...(j.CreatedResourceArn ? { createdResourceArn: j.CreatedResourceArn } : {}),
        creationDate: j.CreationDate.toISOString(),
        ...(j.CompletionDate ? { completionDate: j.CompletionDate.toISOString() } : {}),
        ...(j.CreatedBy?.RestoreTestingPlanArn ? { restoreTestingPlanArn: j.CreatedBy.RestoreTestingPlanArn } : {}),
      });
    }
  }
}

async function* restoreTestingPlans(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<BackupRestoreTestingPlan>> {
  const scope = `${account}/${region}`;
  const op = 'backup:ListRestoreTestingPlans';
  for await (const { out, page } of paginate<ListRestoreTestingPlansCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.ListRestoreTestingPlansCommand({ NextToken: t, MaxResults: 1000 }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'ListRestoreTestingPlans', rawOf(out), page);
    for (const p of out.RestoreTestingPlans ?? []) {
      if (!p.RestoreTestingPlanArn || !p.RestoreTestingPlanName) throw new SyntaxError('ListRestoreTestingPlans answered a plan without its ARN or name');
      yield record(RESTORE_TESTING_PLAN, scope, op, out, {
        account,
        region,
        arn: p.RestoreTestingPlanArn,
        name: p.RestoreTestingPlanName,
        ...(p.ScheduleExpression ? { schedule: p.ScheduleExpression } : {}),
        ...(p.LastExecutionTime ? { lastExecutionTime: p.LastExecutionTime.toISOString() } : {}),
      });
    }
  }
}
