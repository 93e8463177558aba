import type { Check, Finding } from '../../../src/types.js';
import { SECURITY_GROUP, type IngressRule } from '../../../collectors/aws/network/evidence.js';

const ADMIN_PORTS = [22, 3389, 3306, 5432, 1433, 1521, 27017, 6379, 9200, 11211];
const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** No security group in use lets the whole internet (IPv4 or IPv6, directly or through a prefix list) reach an admin or database port, or every port. */
export const sgNoPublicAdminPorts: Check<{ ports: number[] }> = {
  meta: {
    id: 'aws.ec2.sg-no-public-admin-ports',
    title: 'Security groups do not open admin or database ports to the internet',
    failureTitle: 'Security groups open admin or database ports to 0.0.0.0/0 or ::/0',
    requires: [SECURITY_GROUP],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ports: {
          type: 'array',
          items: { type: 'integer', minimum: 0, maximum: 65535 },
          default: ADMIN_PORTS,
          description: 'Admin and database ports that must not be open to the internet.',
        },
      },
    },
    remediation:
      'Remove the 0.0.0.0/0 and ::/0 sources (and prefix-list entries that hold them) from the rule; reach admin ports through Session Manager, a VPN or a bastion restricted to known addresses.',
  },
  evaluate(view, p) {
    const findings: Finding[] = [];
    for (const r of view.records(SECURITY_GROUP)) {
      const g = r.data;
      // Why in use only: a group on no network interface lets nothing in (it is judged once attached).
      if (g.networkInterfaces === 0) continue;
      const open = g.ingress.flatMap((rule) => openings(rule, p.ports));
      const where = `account ${g.account}, region ${g.region}, on ${g.networkInterfaces} network interface${g.networkInterfaces === 1 ? '' : 's'}`;
      findings.push({
        status: open.length ? 'fail' : 'pass',
        resource: g.arn,
        evidence: r.ref,
        scope: r.scope,
        reason: open.length
          ? `Security group ${g.id} (${g.name}) allows ${open.join('; ')} (${where}).`
          : `Security group ${g.id} (${g.name}) opens no admin or database port to the internet (${where}).`,
      });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};

/** What a rule opens to the internet among `ports` ("0.0.0.0/0 to port 22"), or [] when nothing. */
export function openings(rule: IngressRule, ports: number[]): string[] {
  const sources = [
    ...[...rule.ipv4, ...rule.ipv6].filter((c) => ANYWHERE.has(c)),
    ...rule.prefixLists.flatMap((pl) => pl.cidrs.filter((c) => ANYWHERE.has(c)).map((c) => `${c} (in prefix list ${pl.id}${pl.name ? ` ${pl.name}` : ''})`)),
  ];
  if (sources.length === 0) return [];
  const what = reach(rule, ports);
  return what ? sources.map((s) => `${s} to ${what}`) : [];
}

function reach(rule: IngressRule, ports: number[]): string | undefined {
  const proto = rule.protocol.toLowerCase();
  if (proto === '-1' || proto === 'all') return 'all ports (every protocol)';
  if (!['tcp', 'udp', '6', '17'].includes(proto)) return undefined;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  const name = proto === '6' ? 'tcp' : proto === '17' ? 'udp' : proto;
  if (from <= 0 && to >= 65535) return `all ${name} ports`;
  const hit = ports.filter((port) => port >= from && port <= to);
  if (hit.length === 0) return undefined;
  return from === to ? `${name} port ${from}` : `${name} ports ${from}-${to} (admin/database port${hit.length === 1 ? '' : 's'} ${hit.join(', ')})`;
}
