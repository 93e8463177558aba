import type { EvidenceView, StoredRecord } from '../../../../src/types.js';
import type { Account } from './accounts.js';
import type { Link, Person } from './people.js';

export interface Linked {
  account: Account;
  person?: StoredRecord<Person>;
  /** How the link was made, or why there is none. */
  how: 'mapping' | 'roster email' | 'roster column' | 'verified email' | 'ambiguous' | 'unlinked';
}

const lc = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();

/**
 * Links accounts to roster people. Explicit mapping first, then exact keys only: Okta login/email = roster
 * email; GitHub login = roster `github` column, or the member's verified org email; AWS user name or ARN =
 * roster `aws` column, or a user name that is the roster email; Identity Center user name or email = roster email, or
 * user name = roster `aws` column. Why exact only: a guessed link (same first
 * name) could hide a leaver's account behind a current colleague; unlinked accounts are reported instead.
 */
export function linkAccounts(people: StoredRecord<Person>[], links: Link[], accounts: Account[]): Linked[] {
  const byEmail = new Map<string, StoredRecord<Person>>();
  // A rehire has two rows; the latest start is the current employment.
  for (const p of people) {
    const k = lc(p.data.email);
    const prev = byEmail.get(k);
    if (!prev || p.data.startDate > prev.data.startDate) byEmail.set(k, p);
  }
  const column = (field: 'github' | 'aws') => {
    const m = new Map<string, Set<string>>();
    for (const p of byEmail.values()) {
      const v = lc(p.data[field]);
      if (v) m.set(v, (m.get(v) ?? new Set()).add(lc(p.data.email)));
    }
    return m;
  };
  const gh = column('github');
  const aws = column('aws');
  const mapped = new Map(links.map((l) => [`${l.system}/${lc(l.key)}`, lc(l.email)]));
  return accounts.map((account) => {
    const explicit = mapped.get(`${account.system}/${lc(account.key)}`) ?? mapped.get(`${account.system}/${lc(account.name)}`);
    if (explicit) return { account, person: byEmail.get(explicit), how: byEmail.has(explicit) ? 'mapping' : 'unlinked' };
    const found = new Map<string, Linked['how']>();
    const add = (email: string | undefined, how: Linked['how']) => {
      if (email && byEmail.has(email)) found.set(email, found.get(email) ?? how);
    };
    if (account.system === 'okta') {
      add(lc(account.name), 'roster email');
      add(lc(account.email), 'roster email');
    } else if (account.system === 'github') {
      for (const e of gh.get(lc(account.name)) ?? []) add(e, 'roster column');
      add(lc(account.email), 'verified email');
    } else if (account.system === 'identity-center') {
      // Why the `aws` column too: it names a person's AWS sign-in, which on an Identity Center estate is this user name.
      add(lc(account.name), 'roster email');
      add(lc(account.email), 'roster email');
      for (const e of aws.get(lc(account.name)) ?? []) add(e, 'roster column');
    } else {
      for (const e of [...(aws.get(lc(account.name)) ?? []), ...(aws.get(lc(account.key)) ?? [])]) add(e, 'roster column');
      add(lc(account.name), 'roster email');
    }
    if (found.size === 1) {
      const [email, how] = [...found][0]!;
      return { account, person: byEmail.get(email), how };
    }
    return { account, how: found.size > 1 ? 'ambiguous' : 'unlinked' };
  });
}

/** Roster people and explicit links from the view. */
export function rosterOf(view: Pick<EvidenceView, 'records'>): { people: StoredRecord<Person>[]; links: Link[] } {
  return { people: view.records('roster.person'), links: view.records('roster.link').map((r) => r.data) };
}
