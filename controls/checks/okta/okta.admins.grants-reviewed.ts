import { isAbsolute, relative, resolve } from 'node:path';
import type { Check, Finding } from '../../../src/types.js';
import { parseGrantTickets, type GrantTicket } from './grant-tickets.js';
import { finding } from './util.js';

export interface Params {
  allowedGranters: string[];
  /** Path of the grant-ticket file (CSV or YAML), relative to the config. */
  grantTickets?: string;
  ticketWindowDays: number;
  /** Filled from `grantTickets` by resolveInputs before the run; not a config key. */
  grantTicketRows?: GrantTicket[];
}

const TYPES: Record<string, string> = {
  SUPER_ADMIN: 'superadministrator',
  ORG_ADMIN: 'organizationadministrator',
  APP_ADMIN: 'applicationadministrator',
  USER_ADMIN: 'groupadministrator',
  HELP_DESK_ADMIN: 'helpdeskadministrator',
  READ_ONLY_ADMIN: 'readonlyadministrator',
  REPORT_ADMIN: 'reportadministrator',
  GROUP_MEMBERSHIP_ADMIN: 'groupmembershipadministrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'apiaccessmanagementadministrator',
  MOBILE_ADMIN: 'mobileadministrator',
};
/** "Super administrator", "Super Administrator" and SUPER_ADMIN are the same role. */
const roleKey = (r: string) => TYPES[r.trim().toUpperCase()] ?? r.toLowerCase().replace(/[^a-z]/g, '');
const DAY = 86_400_000;

/**
 * Every admin-role grant in the window (`user.account.privilege.grant` in the System Log) was made by an allowed
 * granter and matches an approval ticket: same grantee, same role, approved on the grant's day or up to
 * `ticketWindowDays` before it. Without a ticket file the grants are listed for a person to match (`manual`).
 */
export const oktaAdminsGrantsReviewed: Check<Params> = {
  meta: {
    id: 'okta.admins.grants-reviewed',
    title: 'Okta admin-role grants are made by approved granters against a ticket',
    failureTitle: 'An Okta admin role was granted without an approved granter or ticket',
    requires: ['okta.log.admin-privilege'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowedGranters: {
          type: 'array',
          items: { type: 'string' },
          default: [],
          description: 'logins allowed to grant admin roles (empty: granters are not judged)',
        },
        grantTickets: {
          type: 'string',
          minLength: 1,
          description: 'CSV or YAML file of approved grants (grantee, role, date, ticket), relative to the config',
        },
        // Why 7: an approval older than a week is likely for another change; one given after the grant approves nothing.
        ticketWindowDays: { type: 'integer', minimum: 0, default: 7, description: 'how many days before the grant its ticket may be approved' },
      },
    },
    remediation:
      'Grant admin roles only through the approved granters and an approval ticket; add the ticket to the grant-ticket file, or revoke the role (Security › Administrators) and grant it again properly.',
  },
  resolveInputs(params, dir) {
    if (!params.grantTickets) return { params, problems: [] };
    const path = isAbsolute(params.grantTickets) ? params.grantTickets : resolve(dir, params.grantTickets);
    const rel = relative(process.cwd(), path);
    const { rows, problems } = parseGrantTickets(path, rel.startsWith('..') ? path : rel);
    return { params: { ...params, grantTicketRows: rows }, problems };
  },
  evaluate(view, params) {
    if (params.grantTickets && !params.grantTicketRows) throw new Error(`grantTickets ${params.grantTickets} was not read before the run`);
    const granters = new Set(params.allowedGranters.map((g) => g.toLowerCase()));
    const tickets = params.grantTicketRows;
    const findings: Finding[] = [];
    let grants = 0;
    // A population (System Log events over the window): streamed from disk, never held whole.
    view.each('okta.log.admin-privilege', (rec) => {
      const e = rec.data;
      if (e.eventType !== 'user.account.privilege.grant' || (e.outcome && e.outcome !== 'SUCCESS')) return;
      grants++;
      const grantee = (e.target.find((t) => t.type === 'User') ?? e.target[0])?.alternateId ?? '?';
      const granter = e.actor?.alternateId ?? e.actor?.id ?? '?';
      const role = typeof e.debugData?.privilegeGranted === 'string' ? e.debugData.privilegeGranted : undefined;
      const day = e.published.slice(0, 10);
      const what = `${role ?? 'an admin role'} granted to ${grantee} by ${granter} on ${day}`;
      const res = `okta:${grantee}`;
      const problems: string[] = [];
      if (granters.size && !granters.has(granter.toLowerCase())) problems.push(`${granter} is not an allowed granter (${params.allowedGranters.join(', ')})`);
      let ticket: GrantTicket | undefined;
      if (tickets) {
        const from = Date.parse(`${day}T00:00:00Z`) - params.ticketWindowDays * DAY;
        // Why every granted role must be ticketed: Okta lists several roles in one event, comma-separated.
        const roles = role ? role.split(',').map(roleKey).filter(Boolean) : [];
        ticket = tickets.find(
          (t) =>
            t.grantee.toLowerCase() === grantee.toLowerCase() &&
            t.date <= day &&
            Date.parse(`${t.date}T00:00:00Z`) >= from &&
            (roles.length === 0 || roles.every((r) => r === roleKey(t.role))),
        );
        if (!ticket)
          problems.push(
            `no ticket in ${params.grantTickets} approves it (same grantee and role, dated from ${params.ticketWindowDays} day(s) before the grant to its day)`,
          );
      }
      if (problems.length) findings.push(finding('fail', res, `${what}: ${problems.join('; ')}`, rec));
      else if (ticket)
        findings.push(
          finding(
            'pass',
            res,
            `${what}: approved by ${ticket.ticket} (${ticket.date}, ${ticket.at})${role ? '' : '; the event names no role, matched on grantee and date'}`,
            rec,
          ),
        );
      else
        findings.push(
          finding('pass', res, `${what}: ${granters.size ? 'an allowed granter; ' : ''}no grantTickets file, match it to its approval ticket`, rec),
        );
    });
    if (!grants) return { findings, notApplicable: true, note: 'no admin-role grant in the window' };
    if (!tickets)
      return { findings, needsReview: `${grants} admin-role grant(s) in the window and no grantTickets file: a person must match each to its approval ticket` };
    return { findings };
  },
};
