/** The wire shapes the monitoring services' SDK clients rely on, asked of the sandbox directly (no SDK in between). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAws, startAws } from '../../../collectors/aws/testing.js';
import type { Sandbox } from '../index.js';

let sb: Sandbox;
beforeAll(async () => {
  const data = demoAws();
  // Without the organisation's delegated administrator: each account sees only its own.
  delete data.aggregation;
  // The management account (the base credentials' account): no Security Hub, no detector, no recorder in eu-west-1.
  delete data.accounts[0]!.securityhub!['eu-west-1'];
  delete data.accounts[0]!.guardduty!['eu-west-1'];
  delete data.accounts[0]!.config!['eu-west-1'];
  data.accounts[0]!.inspector!['us-east-1'] = { findings: Array.from({ length: 3 }, () => ({ severity: 'HIGH' as const, at: '-5d' })) };
  sb = await startAws(data);
});
afterAll(() => sb.close());

async function call(service: string, region: string, method: string, path: string, body?: unknown, target?: string) {
  const res = await fetch(`${sb.urls.aws}${path}`, {
    method,
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIASANDBOXBASE00001/20261122/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      'content-type': target ? 'application/x-amz-json-1.1' : 'application/json',
      ...(target ? { 'x-amz-target': target } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: (await res.json()) as Record<string, any> };
}

describe('monitoring services on the wire', () => {
  it('GuardDuty: no detector is an empty list, a detector the account does not own is BadRequestException with message/__type', async () => {
    expect(await call('guardduty', 'eu-west-1', 'GET', '/detector?maxResults=50')).toEqual({ status: 200, type: null, body: { detectorIds: [] } });
    const bad = await call('guardduty', 'eu-west-1', 'GET', '/detector/0123');
    expect(bad).toMatchObject({
      status: 400,
      type: 'BadRequestException',
      body: { __type: 'BadRequestException', message: expect.stringContaining('not owned by the current account') },
    });
  });

  it('Security Hub: not subscribed is HTTP 401 InvalidAccessException with Message/Code', async () => {
    const r = await call('securityhub', 'eu-west-1', 'GET', '/accounts');
    expect(r).toEqual({
      status: 401,
      type: 'InvalidAccessException',
      body: { Code: 'InvalidAccessException', Message: 'Account 111111111111 is not subscribed to AWS Security Hub' },
    });
    expect((await call('securityhub', 'us-east-1', 'POST', '/standards/get', { MaxResults: 1 })).body.NextToken).toEqual(expect.any(String));
  });

  it('AWS Config: a region without a recorder answers empty lists', async () => {
    for (const [op, member] of [
      ['DescribeConfigurationRecorders', 'ConfigurationRecorders'],
      ['DescribeConfigurationRecorderStatus', 'ConfigurationRecordersStatus'],
      ['DescribeDeliveryChannelStatus', 'DeliveryChannelsStatus'],
    ]) {
      expect(await call('config', 'eu-west-1', 'POST', '/', {}, `StarlingDoveService.${op}`)).toEqual({ status: 200, type: null, body: { [member!]: [] } });
    }
  });

  it('Inspector: another account is a failedAccount; findings page by nextToken in the body, and the page is seen by fault matching', async () => {
    const st = await call('inspector2', 'us-east-1', 'POST', '/status/batch/get', { accountIds: ['111111111111', '222222222222'] });
    expect(st.body.accounts.map((a: any) => [a.accountId, a.state.status])).toEqual([['111111111111', 'ENABLED']]);
    expect(st.body.failedAccounts).toMatchObject([{ accountId: '222222222222', errorCode: 'ACCESS_DENIED' }]);
    const p1 = await call('inspector2', 'us-east-1', 'POST', '/findings/list', {
      maxResults: 2,
      filterCriteria: { findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }] },
    });
    expect(p1.body.findings).toHaveLength(2);
    const p2 = await call('inspector2', 'us-east-1', 'POST', '/findings/list', {
      maxResults: 2,
      nextToken: p1.body.nextToken,
      filterCriteria: { findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }] },
    });
    expect(p2.body.findings).toHaveLength(1);
    expect(p2.body.nextToken).toBeUndefined();
    expect(typeof p2.body.findings[0].firstObservedAt).toBe('number');
    expect(sb.log.entries.filter((e) => e.operation === 'inspector2:ListFindings').map((e) => e.attrs?.page)).toEqual([1, 2]);
  });
});
