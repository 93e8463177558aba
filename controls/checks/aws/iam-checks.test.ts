import { describe, expect, it } from 'vitest';
import { parseCredentialReportRow, type RawCredentialReportRow } from '../../../src/evidence/credential-report.js';
import { judge } from '../../../test/helpers/evidence.js';
import { awsChecks } from './index.js';

const A = '111111111111';
const root = (o: Record<string, string> = {}) => ({
  user: '<root_account>',
  arn: `arn:aws:iam::${A}:root`,
  password_enabled: 'not_supported',
  password_last_used: '2026-01-01T00:00:00+00:00',
  mfa_active: 'true',
  access_key_1_active: 'false',
  access_key_2_active: 'false',
  ...o,
});
const user = (name: string, o: Record<string, string> = {}) => ({
  user: name,
  arn: `arn:aws:iam::${A}:user/${name}`,
  user_creation_time: '2026-01-01T00:00:00+00:00',
  password_enabled: 'true',
  password_last_used: '2026-11-20T00:00:00+00:00',
  password_last_changed: '2026-10-01T00:00:00+00:00',
  mfa_active: 'true',
  access_key_1_active: 'false',
  access_key_2_active: 'false',
  ...o,
});
// Rows are written as the report's CSV has them and parsed by the collector's parser, as collected rows are.
const report = (...rows: object[]) => ({
  'aws.iam.credential-report': { [A]: [{ account: A, rows: [root(), ...rows].map((r) => parseCredentialReportRow(r as RawCredentialReportRow)) }] },
});
const rootReport = (o: Record<string, string>) => ({ 'aws.iam.credential-report': { [A]: [{ account: A, rows: [parseCredentialReportRow(root(o))] }] } });
const star = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const narrow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const details = (...recs: object[]) => ({ 'aws.iam.authorization-details': { [A]: recs.map((r) => ({ account: A, ...r })) } });
const strong = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  PasswordReusePrevention: 24,
  MaxPasswordAge: 90,
};
const check = (id: string) => awsChecks.find((c) => c.meta.id === id)!;

type Case = [string, Record<string, Record<string, unknown[]>> | 'error', string, Record<string, unknown>?];
const table: Record<string, Case[]> = {
  'aws.iam.root-mfa': [
    ['mfa', { ...report(), 'aws.iam.virtual-mfa-devices': { [A]: [] } }, 'pass'],
    ['no mfa', { ...rootReport({ mfa_active: 'false' }), 'aws.iam.virtual-mfa-devices': { [A]: [] } }, 'fail'],
    [
      'virtual when hardware required',
      { ...report(), 'aws.iam.virtual-mfa-devices': { [A]: [{ account: A, userArn: `arn:aws:iam::${A}:root` }] } },
      'fail',
      { requireHardware: true },
    ],
  ],
  'aws.iam.root-access-keys': [
    ['none', report(), 'pass'],
    ['active key', rootReport({ access_key_1_active: 'true' }), 'fail'],
  ],
  'aws.iam.root-recent-use': [
    ['old use', report(), 'pass'],
    ['used last week', rootReport({ password_last_used: '2026-11-15T00:00:00+00:00' }), 'fail'],
  ],
  'aws.iam.console-user-mfa': [
    ['mfa', report(user('a')), 'pass'],
    ['no mfa', report(user('a', { mfa_active: 'false' })), 'fail'],
    ['no console users', report(user('a', { password_enabled: 'false' })), 'not-applicable'],
  ],
  'aws.iam.access-key-rotation': [
    ['young', report(user('a', { access_key_1_active: 'true', access_key_1_last_rotated: '2026-10-01T00:00:00+00:00' })), 'pass'],
    ['old', report(user('a', { access_key_1_active: 'true', access_key_1_last_rotated: '2025-01-01T00:00:00+00:00' })), 'fail'],
    ['no keys', report(user('a')), 'not-applicable'],
  ],
  'aws.iam.unused-credentials': [
    ['used', report(user('a')), 'pass'],
    ['stale password', report(user('a', { password_last_used: '2026-03-01T00:00:00+00:00' })), 'fail'],
    ['never used, old', report(user('a', { password_last_used: 'N/A', password_last_changed: '2026-01-01T00:00:00+00:00' })), 'fail'],
    ['no credentials', report(user('a', { password_enabled: 'false' })), 'not-applicable'],
  ],
  'aws.iam.password-policy': [
    ['strong', { ...report(user('a')), 'aws.iam.password-policy': { [A]: [{ account: A, exists: true, policy: strong }] } }, 'pass'],
    [
      'weak',
      { ...report(user('a')), 'aws.iam.password-policy': { [A]: [{ account: A, exists: true, policy: { ...strong, MinimumPasswordLength: 8 } }] } },
      'fail',
    ],
    ['missing', { ...report(user('a')), 'aws.iam.password-policy': { [A]: [{ account: A, exists: false }] } }, 'fail'],
    ['no console users', { ...report(), 'aws.iam.password-policy': { [A]: [{ account: A, exists: false }] } }, 'not-applicable'],
  ],
  'aws.iam.no-star-admin-policies': [
    ['narrow', details({ kind: 'policy', name: 'p', arn: `arn:aws:iam::${A}:policy/p`, attachmentCount: 1, document: narrow }), 'pass'],
    ['star managed', details({ kind: 'policy', name: 'p', arn: `arn:aws:iam::${A}:policy/p`, attachmentCount: 1, document: star }), 'fail'],
    ['star inline', details({ kind: 'role', name: 'r', arn: `arn:aws:iam::${A}:role/r`, inlinePolicies: [{ name: 'i', document: star }] }), 'fail'],
    ['no policies', details(), 'not-applicable'],
  ],
  'aws.iam.user-direct-policies': [
    ['groups only', details({ kind: 'user', name: 'a', arn: `arn:aws:iam::${A}:user/a`, attachedPolicies: [], inlinePolicies: [] }), 'pass'],
    ['attached', details({ kind: 'user', name: 'a', arn: `arn:aws:iam::${A}:user/a`, attachedPolicies: [{ name: 'p' }], inlinePolicies: [] }), 'fail'],
    ['no users', details(), 'not-applicable'],
  ],
  'aws.iam.admin-principals': [
    [
      'approved group member',
      {
        ...details(
          { kind: 'group', name: 'admins', arn: `arn:aws:iam::${A}:group/admins` },
          { kind: 'user', name: 'alice', arn: `arn:aws:iam::${A}:user/alice`, groups: ['admins'] },
        ),
        'aws.iam.admin-principals': { [A]: [{ account: A, kind: 'group', name: 'admins' }] },
      },
      'pass',
      { approved: [`arn:aws:iam::${A}:group/admins`, 'alice'] },
    ],
    [
      'unapproved via group',
      {
        ...details(
          { kind: 'group', name: 'admins', arn: `arn:aws:iam::${A}:group/admins` },
          { kind: 'user', name: 'bob', arn: `arn:aws:iam::${A}:user/bob`, groups: ['admins'] },
        ),
        'aws.iam.admin-principals': { [A]: [{ account: A, kind: 'group', name: 'admins' }] },
      },
      'fail',
      { approved: [`arn:aws:iam::${A}:group/admins`] },
    ],
    [
      'via star policy',
      {
        ...details(
          { kind: 'policy', name: 'p', arn: `arn:aws:iam::${A}:policy/p`, document: star },
          { kind: 'user', name: 'ci', arn: `arn:aws:iam::${A}:user/ci`, attachedPolicies: [{ arn: `arn:aws:iam::${A}:policy/p` }] },
        ),
        'aws.iam.admin-principals': { [A]: [] },
      },
      'fail',
    ],
    ['no admins', { ...details(), 'aws.iam.admin-principals': { [A]: [] } }, 'not-applicable'],
  ],
};

describe('aws.iam checks', () => {
  for (const [id, cases] of Object.entries(table)) {
    describe(id, () => {
      for (const [name, records, status, params] of cases) {
        it(`${name} → ${status}`, () => {
          const r = judge(check(id), { records: records as Record<string, Record<string, unknown[]>> }, params ?? {});
          expect(r.status).toBe(status);
          if (status === 'fail') expect(r.findings.find((f) => f.status === 'fail')!.resource).toMatch(/^arn:aws:/);
        });
      }
      it('denied evidence → error', () => {
        const full = cases[0]![1] as Record<string, Record<string, unknown[]>>;
        const errs = check(id).meta.requires.map((type) => ({ type, scope: '222222222222', cause: 'denied' as const }));
        expect(judge(check(id), { records: full, errors: errs }, cases[0]![3] ?? {}).status).toBe('error');
      });
    });
  }
});
