import { describe, expect, it } from 'vitest';
import { judge } from '../../../test/helpers/evidence.js';
import { oktaAdminsSuperAdminCount } from './okta.admins.super-admin-count.js';
import { oktaPolicyMfaRequired } from './okta.policy.mfa-required.js';
import { oktaPolicyPassword } from './okta.policy.password.js';
import { oktaPolicySessionLimits } from './okta.policy.session-limits.js';
import { oktaUsersDeprovisionedPromptly } from './okta.users.deprovisioned-promptly.js';
import { oktaUsersInactive } from './okta.users.inactive.js';
import { oktaUsersMfaEnrolled } from './okta.users.mfa-enrolled.js';

const S = 'acme.okta.com';
const f = (login: string, types: string[], status = 'ACTIVE') => ({
  userId: login,
  login,
  status,
  factors: types.map((t) => ({ factorType: t, status: 'ACTIVE' })),
});
const groups = {
  'okta.group': {
    [S]: [
      { id: '00g0', name: 'Everyone', type: 'BUILT_IN' },
      { id: '00g1', name: 'Ops', type: 'OKTA_GROUP' },
    ],
  },
};
const enroll = {
  'okta.policy.mfa-enroll': {
    [S]: [{ name: 'Default', status: 'ACTIVE', settings: { authenticators: [{ key: 'okta_verify', enroll: { self: 'REQUIRED' } }] } }],
  },
};
const signOn = (
  requireFactor: boolean,
  include: string[] = ['00g0'],
  session = { maxSessionIdleMinutes: 60, maxSessionLifetimeMinutes: 720, usePersistentCookie: false },
) => ({
  'okta.policy.sign-on': {
    [S]: [
      {
        name: 'Default Policy',
        status: 'ACTIVE',
        conditions: { people: { groups: { include } } },
        rules: [{ name: 'R', status: 'ACTIVE', actions: { signon: { access: 'ALLOW', requireFactor, session } } }],
      },
    ],
  },
});
const access = { 'okta.policy.access': { [S]: [] } };
const pw = (over: Record<string, unknown> = {}) => ({
  'okta.policy.password': {
    [S]: [
      {
        name: 'Default Policy',
        status: 'ACTIVE',
        settings: {
          password: {
            complexity: { minLength: 14, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 1, dictionary: { common: { exclude: true } } },
            age: { historyCount: 24 },
            lockout: { maxAttempts: 5 },
            ...over,
          },
        },
      },
    ],
  },
});
const user = (login: string, lastLogin: string | null, status = 'ACTIVE', activated = '2025-01-01T00:00:00Z') => ({
  login,
  status,
  lastLogin,
  activated,
  created: activated,
});
const role = (login: string, roleType = 'SUPER_ADMIN') => ({ userId: login, login, roleType, userStatus: 'ACTIVE' });
const ev = (eventType: string, published: string, login: string) => ({
  uuid: `${eventType}${published}`,
  eventType,
  published,
  target: [{ id: login, type: 'User', alternateId: login }],
});

describe('okta checks', () => {
  const cases: Array<[string, () => ReturnType<typeof judge>, string]> = [
    ['mfa-enrolled: push passes', () => judge(oktaUsersMfaEnrolled, { records: { 'okta.user.factors': { [S]: [f('a@x', ['push'])] } } }), 'pass'],
    [
      'mfa-enrolled: SMS only fails',
      () => judge(oktaUsersMfaEnrolled, { records: { 'okta.user.factors': { [S]: [f('a@x', ['push']), f('b@x', ['sms'])] } } }),
      'fail',
    ],
    ['mfa-enrolled: password only fails', () => judge(oktaUsersMfaEnrolled, { records: { 'okta.user.factors': { [S]: [f('c@x', [])] } } }), 'fail'],
    [
      'mfa-enrolled: SMS counts when the param says so',
      () => judge(oktaUsersMfaEnrolled, { records: { 'okta.user.factors': { [S]: [f('b@x', ['sms'])] } } }, { factorTypes: ['sms'] }),
      'pass',
    ],
    [
      'mfa-enrolled: phishing-resistant only',
      () => judge(oktaUsersMfaEnrolled, { records: { 'okta.user.factors': { [S]: [f('a@x', ['push'])] } } }, { phishingResistantOnly: true }),
      'fail',
    ],
    ['mfa-enrolled: nobody can sign in', () => judge(oktaUsersMfaEnrolled, { records: { 'okta.user.factors': { [S]: [] } } }), 'not-applicable'],
    ['mfa-enrolled: denied', () => judge(oktaUsersMfaEnrolled, { errors: [{ type: 'okta.user.factors', scope: S }] }), 'error'],
    ['mfa-required: MFA for everyone', () => judge(oktaPolicyMfaRequired, { records: { ...signOn(true), ...access, ...enroll, ...groups } }), 'pass'],
    [
      'mfa-required: password only for Everyone',
      () => judge(oktaPolicyMfaRequired, { records: { ...signOn(false), ...access, ...enroll, ...groups } }),
      'fail',
    ],
    [
      'mfa-required: password only for a narrow group is outside the question',
      () => judge(oktaPolicyMfaRequired, { records: { ...signOn(false, ['00g1']), ...access, ...enroll, ...groups } }),
      'pass',
    ],
    [
      'mfa-required: no policies',
      () => judge(oktaPolicyMfaRequired, { records: { 'okta.policy.sign-on': { [S]: [] }, ...access, ...enroll, ...groups } }),
      'not-applicable',
    ],
    [
      'mfa-required: access policies denied',
      () => judge(oktaPolicyMfaRequired, { records: { ...signOn(true), ...enroll, ...groups }, errors: [{ type: 'okta.policy.access', scope: S }] }),
      'error',
    ],
    ['password: strong', () => judge(oktaPolicyPassword, { records: pw() }), 'pass'],
    ['password: no history', () => judge(oktaPolicyPassword, { records: pw({ age: { historyCount: 0 } }) }), 'fail'],
    ['password: no lockout', () => judge(oktaPolicyPassword, { records: pw({ lockout: { maxAttempts: 0 } }) }), 'fail'],
    ['password: none active', () => judge(oktaPolicyPassword, { records: { 'okta.policy.password': { [S]: [] } } }), 'not-applicable'],
    ['password: throttled', () => judge(oktaPolicyPassword, { errors: [{ type: 'okta.policy.password', scope: S, cause: 'throttled' }] }), 'error'],
    ['session: within limits', () => judge(oktaPolicySessionLimits, { records: signOn(true) }), 'pass'],
    [
      'session: unlimited lifetime',
      () =>
        judge(oktaPolicySessionLimits, {
          records: signOn(true, ['00g0'], { maxSessionIdleMinutes: 60, maxSessionLifetimeMinutes: 0, usePersistentCookie: false }),
        }),
      'fail',
    ],
    [
      'session: persistent cookie',
      () =>
        judge(oktaPolicySessionLimits, {
          records: signOn(true, ['00g0'], { maxSessionIdleMinutes: 60, maxSessionLifetimeMinutes: 60, usePersistentCookie: true }),
        }),
      'fail',
    ],
    ['session: no rules', () => judge(oktaPolicySessionLimits, { records: { 'okta.policy.sign-on': { [S]: [] } } }), 'not-applicable'],
    ['session: incomplete', () => judge(oktaPolicySessionLimits, { incomplete: [{ type: 'okta.policy.sign-on', scope: S }] }), 'error'],
    [
      'inactive: recent',
      () => judge(oktaUsersInactive, { records: { 'okta.user': { [S]: [user('a@x', '2026-11-01T00:00:00Z'), user('d@x', null, 'DEPROVISIONED')] } } }),
      'pass',
    ],
    ['inactive: 120 days', () => judge(oktaUsersInactive, { records: { 'okta.user': { [S]: [user('a@x', '2026-07-25T00:00:00Z')] } } }), 'fail'],
    ['inactive: never signed in for a year', () => judge(oktaUsersInactive, { records: { 'okta.user': { [S]: [user('a@x', null)] } } }), 'fail'],
    [
      'inactive: new joiner',
      () => judge(oktaUsersInactive, { records: { 'okta.user': { [S]: [user('a@x', null, 'ACTIVE', '2026-11-20T00:00:00Z')] } } }),
      'pass',
    ],
    ['inactive: no active users', () => judge(oktaUsersInactive, { records: { 'okta.user': { [S]: [] } } }), 'not-applicable'],
    ['inactive: denied', () => judge(oktaUsersInactive, { errors: [{ type: 'okta.user', scope: S }] }), 'error'],
    [
      'super-admins: 2',
      () => judge(oktaAdminsSuperAdminCount, { records: { 'okta.admin-role': { [S]: [role('a'), role('b'), role('c', 'ORG_ADMIN')] } } }),
      'pass',
    ],
    [
      'super-admins: 5',
      () => judge(oktaAdminsSuperAdminCount, { records: { 'okta.admin-role': { [S]: ['a', 'b', 'c', 'd', 'e'].map((l) => role(l)) } } }),
      'fail',
    ],
    ['super-admins: none', () => judge(oktaAdminsSuperAdminCount, { records: { 'okta.admin-role': { [S]: [] } } }), 'fail'],
    ['super-admins: denied', () => judge(oktaAdminsSuperAdminCount, { errors: [{ type: 'okta.admin-role', scope: S }] }), 'error'],
    [
      'deprovisioned: within 24 h',
      () =>
        judge(oktaUsersDeprovisionedPromptly, {
          records: {
            'okta.log.user-lifecycle': {
              [S]: [ev('user.lifecycle.suspend', '2026-10-01T00:00:00Z', 'a'), ev('user.lifecycle.deactivate', '2026-10-01T05:00:00Z', 'a')],
            },
          },
        }),
      'pass',
    ],
    [
      'deprovisioned: 3 days',
      () =>
        judge(oktaUsersDeprovisionedPromptly, {
          records: {
            'okta.log.user-lifecycle': {
              [S]: [ev('user.lifecycle.suspend', '2026-10-01T00:00:00Z', 'a'), ev('user.lifecycle.deactivate', '2026-10-04T00:00:00Z', 'a')],
            },
          },
        }),
      'fail',
    ],
    [
      'deprovisioned: unmeasurable without leave dates',
      () =>
        judge(oktaUsersDeprovisionedPromptly, {
          records: { 'okta.log.user-lifecycle': { [S]: [ev('user.lifecycle.deactivate', '2026-10-04T00:00:00Z', 'a')] } },
        }),
      'manual',
    ],
    [
      'deprovisioned: a late one fails even beside unmeasurable ones',
      () =>
        judge(oktaUsersDeprovisionedPromptly, {
          records: {
            'okta.log.user-lifecycle': {
              [S]: [
                ev('user.lifecycle.deactivate', '2026-10-04T00:00:00Z', 'b'),
                ev('user.lifecycle.suspend', '2026-10-01T00:00:00Z', 'a'),
                ev('user.lifecycle.deactivate', '2026-10-04T00:00:00Z', 'a'),
              ],
            },
          },
        }),
      'fail',
    ],
    [
      'deprovisioned: no deactivations',
      () =>
        judge(oktaUsersDeprovisionedPromptly, { records: { 'okta.log.user-lifecycle': { [S]: [ev('user.lifecycle.create', '2026-10-04T00:00:00Z', 'a')] } } }),
      'not-applicable',
    ],
    ['deprovisioned: logs scope missing', () => judge(oktaUsersDeprovisionedPromptly, { errors: [{ type: 'okta.log.user-lifecycle', scope: S }] }), 'error'],
  ];
  it.each(cases)('%s', (_name, run, status) => {
    const out = run();
    expect(out.status).toBe(status);
    for (const fd of out.findings) expect(fd.resource).toMatch(/^okta:/);
  });

  it('asks a person to compare unmeasurable deactivations with the HR leave dates, and gives them no pass', () => {
    const out = judge(oktaUsersDeprovisionedPromptly, {
      records: { 'okta.log.user-lifecycle': { [S]: [ev('user.lifecycle.deactivate', '2026-10-04T00:00:00Z', 'a')] } },
    });
    expect(out.note).toMatch(/1 deactivation\(s\) had no suspension before them: compare them with the HR leave dates/);
    expect(out.findings).toEqual([]);
  });
});
