import { settle } from '../../src/collector-kit.js';
import type { CollectContext, CollectorEvent } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { errorEvent } from './errors.js';
import { readAll } from './pages.js';
import { InvalidResponseError } from './transport.js';
import { OWNER, record, T, type GithubConfig } from './types.js';

/** Types this module produces, one scope each: the organisation. */
export const ORG_CONTROL_TYPES = [T.workflow, T.collab2fa] as const;

/**
 * Organisation-level settings read by one request or list each: the Actions workflow token defaults and outside
 * collaborators without 2FA. Both are owner-only; a non-owner's 403/422 is `denied`, never "nothing found".
 */
export async function* collectOrgControls(ctx: CollectContext<GithubConfig>, gh: GithubClient): AsyncGenerator<CollectorEvent[]> {
  const org = ctx.config.org;
  yield ORG_CONTROL_TYPES.map((type): CollectorEvent => ({ kind: 'plan', type, scope: org }));
  const workflowP = settle(gh.request('GET /orgs/{org}/actions/permissions/workflow', { org }));
  // Why: like the members filter, 2fa_disabled is owner-only; GitHub answers anyone else 422, which is unknown.
  const no2faP = settle(
    readAll<{ login: string; id: number }>(
      ctx,
      gh,
      'GET /orgs/{org}/outside_collaborators',
      { org, filter: '2fa_disabled' },
      { scope: org, name: 'orgs.listOutsideCollaborators.2fa_disabled' },
    ),
  );

  const out: CollectorEvent[] = [];
  const wf = await workflowP;
  const wfOp = 'GET /orgs/{org}/actions/permissions/workflow';
  const wfPerm = `${OWNER}; classic token: admin:org`;
  if (!wf.ok) out.push(errorEvent(T.workflow, org, wfOp, wf.error, { missingPermission: wfPerm }));
  else {
    ctx.stats.page(wfOp);
    await ctx.raw(org, 'actions.getGithubActionsDefaultWorkflowPermissionsOrganization', wf.value.data);
    const d = wf.value.data as { default_workflow_permissions?: unknown; can_approve_pull_request_reviews?: unknown };
    // Why: both fields are what the check judges; an answer without them is not "read" and "false".
    if ((d.default_workflow_permissions !== 'read' && d.default_workflow_permissions !== 'write') || typeof d.can_approve_pull_request_reviews !== 'boolean') {
      out.push(
        errorEvent(T.workflow, org, wfOp, new InvalidResponseError(`${wfOp}: default_workflow_permissions or can_approve_pull_request_reviews missing`)),
      );
    } else {
      const source = { operation: wfOp, requestId: wf.value.headers['x-github-request-id'], fetchedAt: new Date().toISOString() };
      out.push(
        record(T.workflow, org, source, {
          org,
          defaultWorkflowPermissions: d.default_workflow_permissions,
          canApprovePullRequestReviews: d.can_approve_pull_request_reviews,
        }),
        { kind: 'done', type: T.workflow, scope: org },
      );
    }
  }
  const no2fa = await no2faP;
  const listOp = 'GET /orgs/{org}/outside_collaborators?filter=2fa_disabled';
  if (!no2fa.ok) out.push(errorEvent(T.collab2fa, org, listOp, no2fa.error, { missingPermission: OWNER }));
  else {
    const source = { operation: listOp, fetchedAt: new Date().toISOString() };
    for (const c of no2fa.value) out.push(record(T.collab2fa, org, source, { login: c.login, id: c.id }));
    out.push({ kind: 'done', type: T.collab2fa, scope: org });
  }
  yield out;
}
