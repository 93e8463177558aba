import type { Check, Finding } from '../../../src/types.js';
import { ALARM, METRIC_FILTER } from '../../../collectors/aws/cloudwatch/evidence.js';
import { TRAIL, uniqueTrails } from './lib/trails.js';

const names = (...events: string[]) => events.map((e) => `$.eventName=${e}`);

/**
 * The CIS AWS Foundations 4.x metric filters: each is the set of comparisons its filter pattern must contain
 * (whitespace and quotes ignored, compared as whole comparisons, so `CreateRoute` is not met by `CreateRouteTable`).
 */
export const CIS_PATTERNS: Record<string, string[]> = {
  'unauthorized-api-calls': ['$.errorCode=*UnauthorizedOperation', '$.errorCode=AccessDenied*'],
  'console-signin-without-mfa': ['$.eventName=ConsoleLogin', '$.additionalEventData.MFAUsed!=Yes'],
  'root-use': ['$.userIdentity.type=Root', '$.userIdentity.invokedByNOTEXISTS', '$.eventType!=AwsServiceEvent'],
  'iam-policy-changes': names(
    'DeleteGroupPolicy',
    'DeleteRolePolicy',
    'DeleteUserPolicy',
    'PutGroupPolicy',
    'PutRolePolicy',
    'PutUserPolicy',
    'CreatePolicy',
    'DeletePolicy',
    'CreatePolicyVersion',
    'DeletePolicyVersion',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'AttachUserPolicy',
    'DetachUserPolicy',
    'AttachGroupPolicy',
    'DetachGroupPolicy',
  ),
  'cloudtrail-changes': names('CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'),
  'console-auth-failures': ['$.eventName=ConsoleLogin', '$.errorMessage=Failedauthentication'],
  'cmk-disabling': ['$.eventSource=kms.amazonaws.com', ...names('DisableKey', 'ScheduleKeyDeletion')],
  's3-policy-changes': [
    '$.eventSource=s3.amazonaws.com',
    ...names(
      'PutBucketAcl',
      'PutBucketPolicy',
      'PutBucketCors',
      'PutBucketLifecycle',
      'PutBucketReplication',
      'DeleteBucketPolicy',
      'DeleteBucketCors',
      'DeleteBucketLifecycle',
      'DeleteBucketReplication',
    ),
  ],
  'config-changes': [
    '$.eventSource=config.amazonaws.com',
    ...names('StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'),
  ],
  'security-group-changes': names(
    'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress',
    'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress',
    'CreateSecurityGroup',
    'DeleteSecurityGroup',
  ),
  'nacl-changes': names(
    'CreateNetworkAcl',
    'CreateNetworkAclEntry',
    'DeleteNetworkAcl',
    'DeleteNetworkAclEntry',
    'ReplaceNetworkAclEntry',
    'ReplaceNetworkAclAssociation',
  ),
  'network-gateway-changes': names(
    'CreateCustomerGateway',
    'DeleteCustomerGateway',
    'AttachInternetGateway',
    'CreateInternetGateway',
    'DeleteInternetGateway',
    'DetachInternetGateway',
  ),
  'route-table-changes': names(
    'CreateRoute',
    'CreateRouteTable',
    'ReplaceRoute',
    'ReplaceRouteTableAssociation',
    'DeleteRouteTable',
    'DeleteRoute',
    'DisassociateRouteTable',
  ),
  'vpc-changes': names(
    'CreateVpc',
    'DeleteVpc',
    'ModifyVpcAttribute',
    'AcceptVpcPeeringConnection',
    'CreateVpcPeeringConnection',
    'DeleteVpcPeeringConnection',
    'RejectVpcPeeringConnection',
    'AttachClassicLinkVpc',
    'DetachClassicLinkVpc',
    'DisableVpcClassicLink',
    'EnableVpcClassicLink',
  ),
};

/** The comparisons of a filter pattern: `{ ($.a = "x") && ($.b != y) }` → `$.a=x`, `$.b!=y`. */
export function comparisons(pattern: string): Set<string> {
  return new Set(
    pattern
      .replace(/[\s"]/g, '')
      .split(/&&|\|\||[{}()]/)
      .filter(Boolean),
  );
}

/**
 * For the log group of each multi-region trail that logs to CloudWatch Logs, every CIS 4.x pattern has a metric
 * filter whose metric has an alarm with an action; every account is covered by such a trail.
 */
export const cisMetricAlarms: Check<{ patterns: Record<string, string[]> }> = {
  meta: {
    id: 'aws.cloudwatch.cis-metric-alarms',
    title: 'Security events in CloudTrail raise CloudWatch alarms (CIS 4.x)',
    failureTitle: 'CIS security-event metric filters or alarms missing',
    requires: [TRAIL, METRIC_FILTER, ALARM],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        patterns: {
          type: 'object',
          additionalProperties: { type: 'array', items: { type: 'string' }, minItems: 1 },
          default: CIS_PATTERNS,
          description: 'Name → the comparisons a metric filter pattern must contain (whitespace and quotes ignored).',
        },
      },
    },
    remediation:
      "On the multi-region trail's log group, create the CIS metric filter (logs put-metric-filter) and a CloudWatch alarm on its metric with an SNS action (cloudwatch put-metric-alarm --alarm-actions …).",
  },
  evaluate(view, p) {
    const filters = view.records(METRIC_FILTER);
    const alarms = view.records(ALARM);
    const filterScopes = new Set(view.scopes(METRIC_FILTER));
    const alarmScopes = new Set(view.scopes(ALARM));
    const findings: Finding[] = [];
    const trails = uniqueTrails(view).filter((r) => r.data.isMultiRegionTrail && r.data.status.isLogging && r.data.cloudWatchLogsLogGroupArn);
    // Each account must be covered by a multi-region trail that logs to CloudWatch Logs (its own or the organization's).
    const recs = view.records(TRAIL);
    for (const account of [...new Set(view.scopes(TRAIL).map((s) => s.split('/')[0]!))].sort()) {
      if (recs.some((r) => r.data.account === account && r.data.isMultiRegionTrail && r.data.status.isLogging && r.data.cloudWatchLogsLogGroupArn)) continue;
      const any = recs.find((r) => r.data.account === account);
      findings.push({
        status: 'fail',
        resource: `arn:aws:iam::${account}:root`,
        evidence: any?.ref ?? 'data/records/aws.cloudtrail.trail.jsonl',
        scope: any?.scope ?? account,
        reason: `No logging multi-region trail seen by account ${account} sends its events to CloudWatch Logs, so no metric filter can see them.`,
      });
    }
    for (const t of trails) {
      const arn = t.data.cloudWatchLogsLogGroupArn!;
      // arn:aws:logs:<region>:<account>:log-group:<name>:*
      const m = /^arn:[^:]+:logs:([^:]+):(\d{12}):log-group:(.+?)(?::\*)?$/.exec(arn);
      if (!m) throw new Error(`trail ${t.data.arn} names a log group ARN that cannot be read: ${arn}`);
      const [, region, account, group] = m as unknown as [string, string, string, string];
      const scope = `${account}/${region}`;
      // Why throw: the log group's account and region were not collected; its filters are unknown, not absent.
      if (!filterScopes.has(scope) || !alarmScopes.has(scope))
        throw new Error(
          `the metric filters and alarms of ${scope} (log group ${group} of trail ${t.data.name}) were not collected: add the account and region to the collection`,
        );
      const own = filters.filter((f) => f.scope === scope && f.data.logGroupName === group);
      for (const [name, wanted] of Object.entries(p.patterns)) {
        const need = wanted.map((w) => w.replace(/[\s"]/g, ''));
        const matching = own.filter((f) => {
          const have = comparisons(f.data.pattern);
          return need.every((w) => have.has(w));
        });
        const alarmed = matching.flatMap((f) =>
          alarms
            .filter(
              (a) =>
                a.scope === scope &&
                f.data.metrics.some((mt) => mt.name === a.data.metricName && mt.namespace === a.data.namespace) &&
                a.data.actionsEnabled &&
                a.data.alarmActions.length > 0,
            )
            .map((a) => ({ f, a })),
        );
        const where = `log group ${group} (account ${account}, region ${region}, trail ${t.data.name})`;
        const reason = alarmed.length
          ? `CIS ${name}: filter ${alarmed[0]!.f.data.name} alarms through ${alarmed[0]!.a.data.name}; ${where}.`
          : matching.length
            ? `CIS ${name}: no alarm with an enabled action on the metric of filter ${matching[0]!.data.name}; ${where}.`
            : `CIS ${name}: no metric filter matches the pattern; ${where}.`;
        const ref = alarmed[0]?.f.ref ?? matching[0]?.ref ?? t.ref;
        findings.push({
          status: alarmed.length ? 'pass' : 'fail',
          resource: `arn:aws:logs:${region}:${account}:log-group:${group}#${name}`,
          evidence: ref,
          scope,
          reason,
        });
      }
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
