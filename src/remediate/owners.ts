import { existsSync } from 'node:fs';
import { parseMapping, parseRoster } from '../../collectors/roster/index.js';

/**
 * Owner e-mail → GitHub login: the config's `remediation.github.owners` map first (group addresses such as
 * security@… name a person there), then the roster's `github` column, then the roster mapping file's `github`
 * section (login → e-mail, read backwards). Case-insensitive on the e-mail.
 */
export function ownerLogins(opts: { owners?: Record<string, string>; roster?: { file?: string; mapping?: string } }): Map<string, string> {
  const map = new Map<string, string>();
  const add = (email: string, login: string) => {
    const k = email.toLowerCase();
    if (!map.has(k)) map.set(k, login);
  };
  for (const [email, login] of Object.entries(opts.owners ?? {})) add(email, login);
  const r = opts.roster;
  if (r?.file && existsSync(r.file)) {
    // Why leavers are skipped: an issue must not be assigned to someone who left.
    for (const p of parseRoster(r.file).people) if (p.github && !p.endDate) add(p.email, p.github);
  }
  if (r?.mapping && existsSync(r.mapping)) for (const l of parseMapping(r.mapping).links) if (l.system === 'github') add(l.email, l.key);
  return map;
}
