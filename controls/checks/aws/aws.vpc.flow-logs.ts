import type { Check, Finding } from '../../../src/types.js';
import { FLOW_LOG, VPC, type VpcFlowLog } from '../../../collectors/aws/network/evidence.js';

/** Every VPC in use (with network interfaces) has an active VPC-level flow log that delivers. */
export const vpcFlowLogs: Check<Record<string, never>> = {
  meta: {
    id: 'aws.vpc.flow-logs',
    title: 'VPCs in use record their network traffic in flow logs',
    failureTitle: 'VPCs in use without an active flow log',
    requires: [VPC, FLOW_LOG],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      'Create a VPC flow log for the VPC (ec2 create-flow-logs --resource-type VPC --traffic-type ALL) to CloudWatch Logs or S3, and fix the delivery role or bucket policy when delivery fails.',
  },
  evaluate(view) {
    const logs = new Map<string, VpcFlowLog[]>();
    for (const r of view.records(FLOW_LOG)) {
      const key = `${r.scope}|${r.data.resourceId}`;
      logs.set(key, [...(logs.get(key) ?? []), r.data]);
    }
    const findings: Finding[] = [];
    for (const r of view.records(VPC)) {
      const v = r.data;
      // Why in use only: a VPC without network interfaces carries no traffic to record.
      if (v.networkInterfaces === 0) continue;
      const where = `VPC ${v.id} (account ${v.account}, region ${v.region}, ${v.networkInterfaces} network interface${v.networkInterfaces === 1 ? '' : 's'})`;
      const own = logs.get(`${r.scope}|${v.id}`) ?? [];
      const active = own.filter((f) => f.status === 'ACTIVE');
      const delivering = active.filter((f) => f.deliverLogsStatus !== 'FAILED');
      const reason = delivering.length
        ? `${where} has flow log ${delivering.map((f) => f.id).join(', ')} (${delivering[0]!.trafficType ?? 'traffic'} to ${delivering[0]!.destinationType ?? 'a destination'})${delivering.every((f) => f.deliverLogsStatus === undefined && f.mode === 'config-aggregator') ? '; read through an AWS Config aggregator, which does not report delivery status' : ''}.`
        : active.length
          ? `${where} has flow log ${active[0]!.id}, but its delivery fails${active[0]!.deliverLogsErrorMessage ? ` (${active[0]!.deliverLogsErrorMessage})` : ''}.`
          : `${where} has no active flow log.`;
      findings.push({ status: delivering.length ? 'pass' : 'fail', resource: v.arn, evidence: r.ref, scope: r.scope, reason });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
