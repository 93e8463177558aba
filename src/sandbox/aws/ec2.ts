/**
 * EC2 (ec2Query, 2016-11-15), EBS only: GetEbsEncryptionByDefault and DescribeVolumes. EC2's dialect differs from
 * awsQuery: no `<XxxResult>` wrapper (members sit in `<XxxResponse>` beside `<requestId>`), camelCase element names,
 * list members as `<item>`, and errors as `<Response><Errors><Error>…</Errors><RequestID>`.
 */
import { randomUUID } from 'node:crypto';
import type { AwsCall } from './index.js';
import { timeOf } from './model.js';
import { el, esc, fail, ok, type AwsAnswer } from './query.js';
import type { AwsVolumeSpec } from './resources.js';
import { pageOf, inRegion } from './pages.js';
import { network, NETWORK_OPS } from './network.js';

const NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export function ec2(call: AwsCall): AwsAnswer {
  switch (call.op) {
    case 'GetEbsEncryptionByDefault': {
      const on = call.account.spec.ebsDefaultEncryption?.[call.region] ?? false;
      return ok(el('ebsEncryptionByDefault', on) + el('sseType', on ? 'sse-ebs' : undefined));
    }
    case 'DescribeVolumes':
      return describeVolumes(call);
    default:
      if (NETWORK_OPS.has(call.op)) return network(call);
      return fail('InvalidAction', `The action ${call.op} is not valid for this web service.`, 400);
  }
}

export function ec2Body(op: string, members: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${op}Response xmlns="${NS}"><requestId>${randomUUID()}</requestId>${members}</${op}Response>`;
}

export function ec2ErrorBody(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error></Errors><RequestID>${randomUUID()}</RequestID></Response>`;
}

function items<T>(tag: string, list: T[], render: (i: T) => string): string {
  return `<${tag}>${list.map((i) => `<item>${render(i)}</item>`).join('')}</${tag}>`;
}

function describeVolumes(call: AwsCall): AwsAnswer {
  const raw = call.form.MaxResults;
  const max = raw === undefined ? 1000 : Number(raw);
  // Why: DescribeVolumes takes MaxResults 5–500 and refuses other values; without it EC2 answers everything at once.
  if (raw !== undefined && (!Number.isInteger(max) || max < 5 || max > 500)) {
    return fail('InvalidParameterValue', `Value ( ${raw} ) for parameter maxResults is invalid. Expecting a value between 5 and 500.`, 400);
  }
  const page = pageOf(inRegion(call, call.account.spec.volumes), call.form.NextToken, max);
  if (!page) return fail('InvalidParameterValue', 'The specified token is not valid.', 400);
  return ok(items('volumeSet', page.items, (v) => volume(call, v)) + (page.next ? el('nextToken', page.next) : ''));
}

function volume(call: AwsCall, v: AwsVolumeSpec): string {
  const created = timeOf('-200d', call.world.base)!;
  const encrypted = v.encrypted ?? false;
  const attachment = v.instance
    ? items(
        'attachmentSet',
        [v],
        () =>
          el('volumeId', v.id) +
          el('instanceId', v.instance) +
          el('device', '/dev/xvda') +
          el('status', 'attached') +
          el('attachTime', created) +
          el('deleteOnTermination', true),
      )
    : '<attachmentSet/>';
  return (
    el('volumeId', v.id) +
    el('size', v.size ?? 20) +
    el('snapshotId', '') +
    el('availabilityZone', `${call.region}a`) +
    el('status', v.instance ? 'in-use' : 'available') +
    el('createTime', created) +
    attachment +
    el('encrypted', encrypted) +
    (encrypted ? el('kmsKeyId', `arn:aws:kms:${call.region}:${call.account.id}:key/aws-ebs-default`) : '') +
    el('volumeType', 'gp3') +
    (v.tags ? items('tagSet', Object.entries(v.tags), ([k, val]) => el('key', k) + el('value', val)) : '') +
    el('multiAttachEnabled', false)
  );
}
