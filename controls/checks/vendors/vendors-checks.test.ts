import { describe, expect, it } from 'vitest';
import { judge } from '../../../test/helpers/evidence.js';
import { vendorsChecks } from './index.js';
import { addMonths, trustedAccounts } from './lib/discover.js';

const check = (id: string) => vendorsChecks.find((c) => c.meta.id === id)!;
const V = 'vendors';
const vendor = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  purpose: 'p',
  dataCategories: [],
  criticality: 'high',
  owner: 'sec@acme.example',
  contractDate: null,
  dpaDate: null,
  lastReviewDate: '2026-03-01',
  assurance: null,
  subservice: false,
  cuecs: [],
  domains: [],
  accountIds: [],
  aliases: [],
  mapped: [],
  line: 2,
  ...over,
});
const report = (periodEnd: string, bridgeLetterDate: string | null = null, file = true) => ({
  kind: 'soc2-type2',
  periodEnd,
  bridgeLetterDate,
  report: file ? { file: 'r.pdf', sha256: 'a'.repeat(64), bytes: 3 } : null,
});
const reg = (...vs: object[]) => ({ 'vendors.vendor': { [V]: vs } });
const okta = (label: string, over: Record<string, unknown> = {}) => ({
  id: `0oa${label}`,
  name: label.toLowerCase(),
  label,
  status: 'ACTIVE',
  signOnMode: 'SAML_2_0',
  created: null,
  hosts: [],
  usersAssigned: true,
  ...over,
});
const role = (arn: string, principal: unknown) => ({
  account: '111111111111',
  kind: 'role',
  name: 'r',
  arn,
  assumeRolePolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] },
});
type Rec = Record<string, Record<string, unknown[]>>;

describe('vendors.registered', () => {
  const c = check('vendors.registered');
  const O = 'acme.okta.com';
  it.each([
    ['an Okta app matched by name', { ...reg(vendor('Zendesk')), 'okta.app': { [O]: [okta('Zendesk')] } }, 'pass'],
    [
      'an Okta app matched by domain',
      { ...reg(vendor('Lucid', { domains: ['lucid.app'] })), 'okta.app': { [O]: [okta('Lucidchart', { hosts: ['acme.lucid.app'] })] } },
      'pass',
    ],
    [
      'an Okta app matched through the mapping file',
      { ...reg(vendor('Zendesk', { mapped: ['okta:Support Desk'] })), 'okta.app': { [O]: [okta('Support Desk')] } },
      'pass',
    ],
    ['an Okta app in no register entry', { ...reg(vendor('Zendesk')), 'okta.app': { [O]: [okta('Lucidchart')] } }, 'fail'],
    ['an Okta app nobody is assigned to is not a vendor yet', { ...reg(), 'okta.app': { [O]: [okta('Trial', { usersAssigned: false })] } }, 'not-applicable'],
    [
      'a GitHub App matched by alias',
      { ...reg(vendor('Renovate', { aliases: ['renovate-bot'] })), 'github.org.app-installation': { acme: [{ appSlug: 'renovate-bot' }] } },
      'pass',
    ],
    ['a GitHub App in no register entry', { ...reg(vendor('Renovate')), 'github.org.app-installation': { acme: [{ appSlug: 'quick-deploy' }] } }, 'fail'],
    [
      'an external account matched by account id',
      {
        ...reg(vendor('Datadog', { accountIds: ['464622532012'] })),
        'aws.iam.authorization-details': { '111111111111': [role('arn:aws:iam::111111111111:role/dd', 'arn:aws:iam::464622532012:root')] },
      },
      'pass',
    ],
    [
      'an external account in no register entry',
      { ...reg(), 'aws.iam.authorization-details': { '111111111111': [role('arn:aws:iam::111111111111:role/x', '999999999999')] } },
      'fail',
    ],
    [
      'a role trusting an account the run read no IAM from',
      { ...reg(), 'aws.iam.authorization-details': { '111111111111': [role('arn:aws:iam::111111111111:role/x', 'arn:aws:iam::222222222222:root')] } },
      'fail',
    ],
  ] as Array<[string, Rec, string]>)('%s', (_n, records, status) => {
    expect(judge(c, { records }).status).toBe(status);
  });
  it('treats every account the run read IAM from as ours, and names where a missing vendor was found', () => {
    const records = {
      ...reg(),
      'aws.iam.authorization-details': { '111111111111': [role('arn:aws:iam::111111111111:role/x', 'arn:aws:iam::222222222222:root')], '222222222222': [] },
    };
    expect(judge(c, { records }).status).toBe('not-applicable');
    const r = judge(c, { records: { ...reg(), 'okta.app': { [O]: [okta('Lucidchart', { hosts: ['lucid.app'] })] } } });
    expect(r.findings[0]).toMatchObject({
      status: 'fail',
      resource: 'okta:acme.okta.com/apps/0oaLucidchart',
      reason: expect.stringContaining('Okta app integration "Lucidchart" (lucid.app) in acme.okta.com is in no entry'),
    });
  });
  it('is error when a discovery source could not be read, and when the register could not', () => {
    expect(judge(c, { records: reg(vendor('Zendesk')), errors: [{ type: 'okta.app', scope: O }] }).status).toBe('error');
    expect(
      judge(c, { records: { 'okta.app': { [O]: [okta('Zendesk')] } }, errors: [{ type: 'vendors.vendor', scope: V, cause: 'invalid-response' }] }).status,
    ).toBe('error');
  });
  it('reads account ids from every principal form', () => {
    expect(
      trustedAccounts({
        Statement: [
          { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::123456789012:role/x', '210987654321'] } },
          { Effect: 'Deny', Principal: { AWS: '333333333333' } },
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } },
        ],
      }),
    ).toEqual(['123456789012', '210987654321']);
  });
});

describe('vendors.review-current', () => {
  const c = check('vendors.review-current');
  it.each([
    ['a high vendor reviewed 9 months ago', reg(vendor('A', { lastReviewDate: '2026-02-22' })), {}, 'pass'],
    ['a critical vendor reviewed 13 months ago', reg(vendor('A', { criticality: 'critical', lastReviewDate: '2025-10-01' })), {}, 'fail'],
    ['a high vendor never reviewed', reg(vendor('A', { lastReviewDate: null })), {}, 'fail'],
    ['a low vendor never reviewed is out of scope', reg(vendor('A', { criticality: 'low', lastReviewDate: null })), {}, 'not-applicable'],
    ['13 months is within maxMonths 18', reg(vendor('A', { lastReviewDate: '2025-10-01' })), { maxMonths: 18 }, 'pass'],
    ['medium vendors when asked for', reg(vendor('A', { criticality: 'medium', lastReviewDate: null })), { criticalities: ['medium'] }, 'fail'],
  ] as Array<[string, Rec, Record<string, unknown>, string]>)('%s', (_n, records, params, status) => {
    expect(judge(c, { records }, params as any).status).toBe(status);
  });
  it('is error when the register could not be read', () => {
    expect(judge(c, { errors: [{ type: 'vendors.vendor', scope: V }] }).status).toBe('error');
  });
});

describe('vendors.assurance-current', () => {
  const c = check('vendors.assurance-current');
  it.each([
    ['a critical vendor with a report ended 5 months ago', reg(vendor('A', { criticality: 'critical', assurance: report('2026-06-30') })), {}, 'pass'],
    [
      'a subservice organisation with a report ended 17 months ago',
      reg(vendor('AWS', { criticality: 'low', subservice: true, assurance: report('2025-06-30') })),
      {},
      'fail',
    ],
    ['an old report with a recent bridge letter', reg(vendor('A', { criticality: 'critical', assurance: report('2025-09-30', '2026-10-15') })), {}, 'pass'],
    ['an old report with an old bridge letter', reg(vendor('A', { criticality: 'critical', assurance: report('2025-09-30', '2026-03-31') })), {}, 'fail'],
    ['a report named but no file kept', reg(vendor('A', { criticality: 'critical', assurance: report('2026-06-30', null, false) })), {}, 'fail'],
    ['a critical vendor without any report', reg(vendor('A', { criticality: 'critical' })), {}, 'fail'],
    ['a high vendor that is no subservice organisation is out of scope', reg(vendor('A')), {}, 'not-applicable'],
    ['17 months within maxMonths 18', reg(vendor('A', { subservice: true, assurance: report('2025-06-30') })), { maxMonths: 18 }, 'pass'],
  ] as Array<[string, Rec, Record<string, unknown>, string]>)('%s', (_n, records, params, status) => {
    expect(judge(c, { records }, params as any).status).toBe(status);
  });
});

describe('vendors.cuecs-mapped', () => {
  const c = check('vendors.cuecs-mapped');
  const cuec = (id: string, control: string | null) => ({ id, text: `do ${id}`, control });
  it.each([
    ['every CUEC mapped', reg(vendor('AWS', { subservice: true, cuecs: [cuec('C1', 'AC-IAM-01'), cuec('C2', 'LOG-01')] })), 'pass'],
    ['an unmapped CUEC is left to a person', reg(vendor('AWS', { subservice: true, cuecs: [cuec('C1', 'AC-IAM-01'), cuec('C2', null)] })), 'manual'],
    ['a subservice organisation with no CUECs recorded', reg(vendor('AWS', { subservice: true })), 'manual'],
    ['CUECs of a vendor that is no subservice organisation are not judged', reg(vendor('A', { cuecs: [cuec('C1', null)] })), 'not-applicable'],
  ] as Array<[string, Rec, string]>)('%s', (_n, records, status) => {
    expect(judge(c, { records }).status).toBe(status);
  });
  it('lists the unmapped CUECs for the person', () => {
    const r = judge(c, { records: reg(vendor('GitHub', { subservice: true, cuecs: [cuec('CUEC-3', null)] })) });
    expect(JSON.stringify(r)).toContain('GitHub CUEC-3 (\\"do CUEC-3\\")');
  });
});

describe('calendar months', () => {
  it('adds months, clamped to the end of the month', () => {
    expect([addMonths('2025-11-22', 12), addMonths('2026-01-31', 1), addMonths('2024-02-29', 12)]).toEqual(['2026-11-22', '2026-02-28', '2025-02-28']);
  });
});
