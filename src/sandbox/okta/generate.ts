import type { FactorSpec, OktaLogSpec, OktaScenario, OktaUserSpec } from './data.js';

export interface GenerateOptions {
  users: number;
  logEvents?: number;
  /** SSWS token to accept (default: the demo token). */
  token?: string;
  superAdmins?: number;
  /** Share of ACTIVE users enrolled in no factor at all (0..1). */
  noFactorShare?: number;
  options?: OktaScenario['options'];
}

const FACTORS: FactorSpec[][] = [['push', 'token:software:totp'], ['webauthn'], ['sms'], ['push'], ['signed_nonce', 'push']];
const STATUSES = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'SUSPENDED', 'DEPROVISIONED', 'PASSWORD_EXPIRED'];
const LOG_TYPES = [
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.suspend',
  'user.lifecycle.deactivate',
  'user.account.privilege.grant',
  'user.mfa.factor.reset_all',
  'user.session.start',
];

/**
 * A large, deterministic Okta scenario for tests and the benchmark (e.g. 20,000 users and 100,000 log
 * events). Same options, same data.
 */
export function generateOktaScenario(o: GenerateOptions): OktaScenario {
  const users: OktaUserSpec[] = [];
  const noFactorEvery = o.noFactorShare ? Math.max(1, Math.round(1 / o.noFactorShare)) : 0;
  for (let i = 0; i < o.users; i++) {
    const status = STATUSES[i % STATUSES.length]!;
    users.push({
      id: `00u${String(i + 1).padStart(12, '0')}`,
      login: `user${String(i + 1).padStart(6, '0')}@acme.example`,
      status,
      created: `-${400 + (i % 300)}d`,
      lastLogin: `-${i % 60}d`,
      factors: noFactorEvery && i % noFactorEvery === 1 ? [] : FACTORS[i % FACTORS.length],
      roles: i < (o.superAdmins ?? 2) ? ['SUPER_ADMIN'] : i % 997 === 0 ? ['READ_ONLY_ADMIN'] : undefined,
      groups: i % 3 === 0 ? ['Engineering'] : [],
    });
  }
  const logs: OktaLogSpec[] = [];
  const n = o.logEvents ?? 0;
  for (let i = 0; i < n; i++) {
    // Spread over the last 80 days, oldest first.
    const minutesAgo = Math.floor(((n - i) / Math.max(1, n)) * 80 * 1440);
    logs.push({
      published: `-${minutesAgo}m`,
      eventType: LOG_TYPES[i % LOG_TYPES.length]!,
      actor: users[0]?.login,
      target: users[i % Math.max(1, users.length)]?.login,
    });
  }
  return {
    tokens: [o.token ?? '00SANDBOXSECREToktademo000000000000000000'],
    options: o.options,
    groups: [{ name: 'Engineering' }],
    users,
    policies: [
      {
        type: 'PASSWORD',
        name: 'Default Policy',
        system: true,
        conditions: { people: { groups: { include: ['Everyone'] } } },
        settings: {
          password: {
            complexity: {
              minLength: 14,
              minLowerCase: 1,
              minUpperCase: 1,
              minNumber: 1,
              minSymbol: 1,
              excludeUsername: true,
              dictionary: { common: { exclude: true } },
            },
            age: { maxAgeDays: 0, expireWarnDays: 0, minAgeMinutes: 0, historyCount: 24 },
            lockout: { maxAttempts: 5, autoUnlockMinutes: 0, showLockoutFailures: false },
          },
        },
      },
      {
        type: 'OKTA_SIGN_ON',
        name: 'Default Policy',
        system: true,
        conditions: { people: { groups: { include: ['Everyone'] } } },
        rules: [
          {
            name: 'Default Rule',
            system: true,
            actions: {
              signon: {
                access: 'ALLOW',
                requireFactor: true,
                factorPromptMode: 'ALWAYS',
                session: { maxSessionIdleMinutes: 60, maxSessionLifetimeMinutes: 720, usePersistentCookie: false },
              },
            },
          },
        ],
      },
      {
        type: 'MFA_ENROLL',
        name: 'Default Policy',
        system: true,
        conditions: { people: { groups: { include: ['Everyone'] } } },
        settings: {
          type: 'AUTHENTICATORS',
          authenticators: [
            { key: 'okta_verify', enroll: { self: 'REQUIRED' } },
            { key: 'okta_password', enroll: { self: 'REQUIRED' } },
          ],
        },
      },
    ],
    logs,
  };
}
