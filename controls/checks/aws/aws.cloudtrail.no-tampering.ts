import type { Check, Finding } from '../../../src/types.js';
import { matches } from './lib/iam.js';
import { events, scopePasses } from './lib/events.js';
import { EVENT } from './lib/trails.js';

/** No StopLogging, DeleteTrail or UpdateTrail by anyone outside `allowedActors` within the period. */
export const noTampering: Check<{ allowedActors: string[]; eventNames: string[] }> = {
  meta: {
    id: 'aws.cloudtrail.no-tampering',
    title: 'Nobody outside the approved actors tampered with CloudTrail',
    failureTitle: 'CloudTrail stopped, deleted or changed by an unapproved actor',
    requires: [EVENT],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowedActors: {
          type: 'array',
          items: { type: 'string' },
          default: [],
          description: 'ARNs or user names (`*` glob) allowed to change trails, e.g. the infrastructure pipeline role.',
        },
        eventNames: { type: 'array', items: { type: 'string' }, default: ['StopLogging', 'DeleteTrail', 'UpdateTrail'] },
      },
    },
    remediation:
      'Investigate the change and link it to an approved change or incident ticket; restrict cloudtrail:StopLogging/DeleteTrail/UpdateTrail with an SCP to the approved actors.',
  },
  evaluate(view, p) {
    const findings: Finding[] = [];
    const failing = new Set<string>();
    for (const r of events(view, (e) => p.eventNames.includes(e.eventName))) {
      const e = r.data;
      if (!p.eventNames.includes(e.eventName)) continue;
      const actor = e.userIdentity?.arn ?? e.username ?? 'unknown';
      const ok = matches(p.allowedActors, actor, e.username);
      if (!ok) failing.add(r.scope);
      findings.push({
        status: ok ? 'pass' : 'fail',
        resource: actor,
        evidence: r.ref,
        scope: r.scope,
        reason: `${e.eventName} by ${actor} at ${e.eventTime} (account ${e.account}, region ${e.region}, from ${e.sourceIPAddress ?? 'unknown IP'})${ok ? ' by an approved actor' : ': not an approved actor'}.`,
      });
    }
    findings.push(
      ...scopePasses(view, failing, (a, r) => `No unapproved ${p.eventNames.join('/')} events in account ${a}, region ${r} over the collected window.`),
    );
    return { findings };
  },
};
