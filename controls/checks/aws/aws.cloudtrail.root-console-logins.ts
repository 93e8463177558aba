import type { Check, Finding } from '../../../src/types.js';
import { events, scopePasses } from './lib/events.js';
import { EVENT } from './lib/trails.js';

/** Root console sign-ins in the period are at most `max`; each one is a finding with its time and source IP. */
export const rootConsoleLogins: Check<{ max: number }> = {
  meta: {
    id: 'aws.cloudtrail.root-console-logins',
    title: 'The root user does not sign in to the console',
    failureTitle: 'Root console sign-ins',
    requires: [EVENT],
    paramsSchema: { type: 'object', additionalProperties: false, properties: { max: { type: 'integer', minimum: 0, default: 0 } } },
    remediation: 'Confirm each root sign-in against a break-glass ticket; move the task to an IAM role and protect root with hardware MFA.',
  },
  evaluate(view, p) {
    const logins = events(view, (e) => e.eventName === 'ConsoleLogin' && e.userIdentity?.type === 'Root');
    const perAccount = new Map<string, number>();
    for (const r of logins) perAccount.set(r.data.account, (perAccount.get(r.data.account) ?? 0) + 1);
    const failing = new Set<string>();
    const findings: Finding[] = logins.map((r) => {
      const e = r.data;
      const over = (perAccount.get(e.account) ?? 0) > p.max;
      if (over) failing.add(r.scope);
      return {
        status: over ? 'fail' : 'pass',
        resource: `arn:aws:iam::${e.account}:root`,
        evidence: r.ref,
        scope: r.scope,
        reason: `Root console sign-in to account ${e.account} at ${e.eventTime} from ${e.sourceIPAddress ?? 'unknown IP'} (${e.responseElements?.ConsoleLogin ?? 'unknown result'}, MFA ${e.additionalEventData?.MFAUsed ?? 'unknown'})${over ? `; ${perAccount.get(e.account)} sign-ins exceed the allowed ${p.max}` : ''}.`,
      };
    });
    findings.push(
      ...scopePasses(
        view,
        new Set([...failing, ...logins.map((r) => r.scope)]),
        (a, r) => `No root console sign-ins in account ${a}, region ${r} over the collected window.`,
      ),
    );
    return { findings };
  },
};
