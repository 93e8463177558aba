import type { Check, Finding } from '../../../src/types.js';
import { finding } from './util.js';

export interface Params {
  streamTypes: string[];
  hookEventTypes: string[];
}

// Why it matters: Okta keeps the System Log 90 days, shorter than a Type II window (6–12 months), so without an
// export the sign-in and admin events of most of the window cannot be shown to the auditor.
const RETENTION = 'Okta keeps the System Log only 90 days, shorter than a Type II observation window';

/** The System Log leaves Okta: an active log stream, or an active, verified event hook carrying the key event types. */
export const oktaLogsStreaming: Check<Params> = {
  meta: {
    id: 'okta.logs.streaming',
    title: 'The Okta System Log is exported to a SIEM or log store',
    failureTitle: 'The Okta System Log is not exported (Okta keeps it 90 days)',
    requires: ['okta.log-stream', 'okta.event-hook'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        streamTypes: {
          type: 'array',
          items: { type: 'string' },
          default: ['aws_eventbridge', 'splunk_cloud_logstreaming'],
          description: 'log stream types that count as an export',
        },
        // Why these: an event hook carries only the types it subscribes to; these are the sign-in, admin-grant,
        // deprovisioning and policy-change events the access controls are judged on.
        hookEventTypes: {
          type: 'array',
          items: { type: 'string' },
          default: ['user.session.start', 'user.account.privilege.grant', 'user.lifecycle.deactivate', 'policy.lifecycle.update'],
          description: 'event types an event hook must subscribe to, to count as a SIEM export',
        },
      },
    },
    remediation:
      "Add a log stream (Reports › Log Streaming: AWS EventBridge or Splunk Cloud) and keep it active, or subscribe a verified event hook to the listed event types, so the System Log is kept beyond Okta's 90 days.",
  },
  evaluate(view, params) {
    const findings: Finding[] = [];
    for (const scope of view.scopes('okta.log-stream')) {
      const streams = view.records('okta.log-stream').filter((r) => r.scope === scope);
      const hooks = view.records('okta.event-hook').filter((r) => r.scope === scope);
      const good: Finding[] = [];
      const bad: Finding[] = [];
      for (const r of streams) {
        const s = r.data;
        const res = `okta:log-stream/${s.name}`;
        if (s.status === 'ACTIVE' && params.streamTypes.includes(s.type))
          good.push(finding('pass', res, `log stream "${s.name}" (${s.type}) is active and exports the System Log`, r));
        else
          bad.push(
            finding(
              'fail',
              res,
              s.status !== 'ACTIVE'
                ? `log stream "${s.name}" (${s.type}) is ${s.status}: it exports nothing`
                : `log stream "${s.name}" has type ${s.type}, not one of ${params.streamTypes.join(', ')}`,
              r,
            ),
          );
      }
      for (const r of hooks) {
        const x = r.data;
        const res = `okta:event-hook/${x.name}`;
        const missing = params.hookEventTypes.filter((t) => !x.eventTypes.includes(t));
        if (x.status !== 'ACTIVE') bad.push(finding('fail', res, `event hook "${x.name}" is ${x.status}: it delivers nothing`, r));
        else if (x.verificationStatus !== 'VERIFIED')
          bad.push(finding('fail', res, `event hook "${x.name}" is not verified (${x.verificationStatus ?? 'no status'}): Okta delivers no events to it`, r));
        else if (missing.length) bad.push(finding('fail', res, `event hook "${x.name}" does not subscribe to ${missing.join(', ')}`, r));
        else
          good.push(
            finding(
              'pass',
              res,
              `event hook "${x.name}" is active, verified and delivers ${params.hookEventTypes.join(', ')} to ${x.destination ?? 'its endpoint'}`,
              r,
            ),
          );
      }
      if (good.length) {
        // One working export is enough; the paused or partial ones are listed as passes so they are not read as gaps.
        findings.push(...good, ...bad.map((f) => ({ ...f, status: 'pass' as const, reason: `${f.reason} (another export is active)` })));
        continue;
      }
      const evidence = streams[0]?.ref ?? hooks[0]?.ref ?? 'data/records/okta.log-stream.jsonl';
      const what =
        streams.length + hooks.length
          ? `none of its ${streams.length} log stream(s) and ${hooks.length} event hook(s) exports it`
          : 'it has no log stream and no event hook';
      findings.push(...bad, { status: 'fail', resource: `okta:${scope}`, scope, evidence, reason: `the System Log is not exported: ${what}; ${RETENTION}` });
    }
    return { findings };
  },
};
