/** Service accounts: accounts that belong to no person, listed in a check's params with the person who answers for them. */
import type { Account, System } from './accounts.js';

export interface ServiceAccount {
  system: System;
  /** Login, IAM user name or ARN; `*` matches any run of characters. */
  account: string;
  /** Roster email of the person who answers for it. */
  owner: string;
  reason?: string;
}

/** The `serviceAccounts` parameter's schema, shared by every check that accepts service accounts. */
export const SERVICE_ACCOUNTS_PARAM = {
  type: 'array',
  default: [],
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['system', 'account', 'owner'],
    properties: {
      system: { enum: ['okta', 'github', 'aws', 'identity-center'] },
      account: { type: 'string', minLength: 1 },
      owner: { type: 'string', minLength: 3 },
      reason: { type: 'string' },
    },
  },
} as const;

/** The listed service account `a` is, matched by system and by its name or key (case-insensitive glob). */
export function serviceAccountOf(list: ServiceAccount[], a: Pick<Account, 'system' | 'name' | 'key'>): ServiceAccount | undefined {
  return list.find((s) => s.system === a.system && (glob(s.account, a.name) || glob(s.account, a.key)));
}

export function glob(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(value);
}
