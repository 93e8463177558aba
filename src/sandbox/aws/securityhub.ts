/**
 * Security Hub (restJson1, signing name `securityhub`): DescribeHub (`GET /accounts`) and GetEnabledStandards
 * (`POST /standards/get`, `MaxResults` 1–100 and `NextToken` in the body). Members are PascalCase, timestamps
 * ISO-8601 strings, errors `{ Message, Code }` with `x-amzn-ErrorType`. An account not subscribed in a region answers
 * both with HTTP 401 `InvalidAccessException` "Account … is not subscribed to AWS Security Hub".
 */
import type { AwsCall } from './index.js';
import { timeOf, type TimeSpec } from './model.js';
import { pageOf } from './pages.js';
import { fail, okJson, type AwsAnswer } from './query.js';

/** One region's hub: absent region = not subscribed. `standards` are ids such as `aws-foundational-security-best-practices/v/1.0.0`. */
export interface AwsSecurityHubSpec {
  subscribed?: TimeSpec;
  standards?: Array<string | { id: string; status: 'PENDING' | 'READY' | 'FAILED' | 'DELETING' | 'INCOMPLETE' }>;
}

export function securityhubRoute(method: string, path: string): { op: string; labels: Record<string, string> } {
  if (method === 'GET' && /^\/accounts\/?$/.test(path)) return { op: 'DescribeHub', labels: {} };
  if (method === 'POST' && /^\/standards\/get\/?$/.test(path)) return { op: 'GetEnabledStandards', labels: {} };
  return { op: 'unknown', labels: {} };
}

export function securityhub(call: AwsCall): AwsAnswer {
  const spec = call.account.spec.securityhub?.[call.region];
  if (call.op === 'unknown') return fail('UnknownOperationException', 'unknown operation', 404);
  if (!spec) return fail('InvalidAccessException', `Account ${call.account.id} is not subscribed to AWS Security Hub`, 401);
  if (call.op === 'DescribeHub') {
    return okJson({
      HubArn: `arn:aws:securityhub:${call.region}:${call.account.id}:hub/default`,
      SubscribedAt: timeOf(spec.subscribed ?? '-300d', call.world.base)!.toISOString(),
      AutoEnableControls: true,
      ControlFindingGenerator: 'SECURITY_CONTROL',
    });
  }
  const max = call.json.MaxResults === undefined ? 10 : Number(call.json.MaxResults);
  if (!Number.isInteger(max) || max < 1 || max > 100) return fail('InvalidInputException', 'MaxResults must be between 1 and 100');
  const subs = (spec.standards ?? []).map((s) => (typeof s === 'string' ? { id: s, status: 'READY' as const } : s));
  const page = pageOf(subs, call.json.NextToken, max);
  if (!page) return fail('InvalidInputException', 'Invalid NextToken');
  return okJson({
    StandardsSubscriptions: page.items.map((s) => {
      // Why two ARN shapes: AWS's own standards are regional ARNs without an account (`…:standards/…`), the CIS 1.2 one is global (`…:::ruleset/…`).
      const cis12 = s.id.startsWith('cis-aws-foundations-benchmark/v/1.2.0');
      return {
        StandardsSubscriptionArn: `arn:aws:securityhub:${call.region}:${call.account.id}:subscription/${s.id}`,
        StandardsArn: cis12 ? `arn:aws:securityhub:::ruleset/${s.id}` : `arn:aws:securityhub:${call.region}::standards/${s.id}`,
        StandardsInput: {},
        StandardsStatus: s.status,
        StandardsControlsUpdatable: 'READY_FOR_UPDATES',
        ...(s.status === 'INCOMPLETE' || s.status === 'FAILED' ? { StandardsStatusReason: { StatusReasonCode: 'NO_AVAILABLE_CONFIGURATION_RECORDER' } } : {}),
      };
    }),
    ...(page.next ? { NextToken: page.next } : {}),
  });
}
