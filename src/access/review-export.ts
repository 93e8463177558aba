import { csvLine } from '../util/csv.js';
import { REVIEW_COLUMNS } from '../../collectors/roster/review-csv.js';
import type { System } from '../../controls/checks/access/lib/accounts.js';
import type { Population } from './population.js';

/**
 * The reviewer worksheet of one system: every account, its person, what it can do (role, status, groups,
 * permissions), when it last signed in, and empty decision columns. Lists inside a cell are `; `-separated.
 */
export function reviewWorksheet(pop: Population, quarter: string, system: System): { csv: string; rows: number } {
  let csv = csvLine([...REVIEW_COLUMNS]);
  const accounts = pop.accounts.filter((l) => l.account.system === system).sort((a, b) => a.account.name.localeCompare(b.account.name));
  for (const { account: a, person, how, detail: d } of accounts) {
    csv += csvLine([
      quarter,
      pop.bundle,
      system,
      a.scope,
      a.name,
      a.key,
      person?.data.name ?? '',
      person?.data.email ?? '',
      how,
      d.role,
      d.status,
      d.groups.join('; '),
      d.permissions.join('; '),
      a.active ? 'yes' : 'no',
      d.lastSignIn,
      '',
      '',
      '',
    ]);
  }
  return { csv, rows: accounts.length };
}
