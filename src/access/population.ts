import { readBundle } from '../bundle/reader.js';
import { listBundles } from '../bundle/layout.js';
import { accountsOf, type System } from '../../controls/checks/access/lib/accounts.js';
import { linkAccounts, rosterOf, type Linked } from '../../controls/checks/access/lib/link.js';
import { quarterOf } from '../../controls/checks/access/lib/quarters.js';

export const SYSTEMS: System[] = ['okta', 'github', 'aws'];

export interface Population {
  bundle: string;
  bundleAsOf: string;
  accounts: Linked[];
}

/** Every account of a bundle (all systems), linked to the bundle's roster where it has one. */
export function populationOf(dir: string, name: string): Population {
  const b = readBundle(dir);
  const view = b.view();
  const linked = linkAccounts(rosterOf(view).people, rosterOf(view).links, accountsOf(view, { okta: true, github: true, githubCollaborators: true, aws: true }));
  return { bundle: name, bundleAsOf: b.run.asOf, accounts: linked };
}

/** The latest sealed bundle collected within `quarter`. */
export async function latestInQuarter(evidenceDir: string, quarter: string): Promise<{ name: string; dir: string } | undefined> {
  const all = await listBundles(evidenceDir);
  return all.filter((b) => quarterOf(readBundle(b.dir).run.asOf) === quarter).pop();
}
