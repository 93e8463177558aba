import type { Check, Finding } from '../../../src/types.js';
import { SEVERITY_RANK, type Severity } from './lib/org.js';

export interface ScanningSlaParams {
  maxDays: number;
  minSeverity: Severity;
}

const DAY = 86_400_000;

/** Leaked secrets and serious code scanning findings are closed within the remediation window. */
export const scanningAlertSla: Check<ScanningSlaParams> = {
  meta: {
    id: 'github.org.scanning-alert-sla',
    title: 'Secret scanning and serious code scanning alerts are closed within maxDays',
    failureTitle: 'Scanning alert open past its remediation window',
    requires: ['github.org.secret-scanning-alert', 'github.org.code-scanning-alert'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { maxDays: { type: 'integer', minimum: 1, default: 30 }, minSeverity: { enum: ['low', 'medium', 'high', 'critical'], default: 'high' } },
    },
    remediation:
      'Revoke and rotate each leaked secret, then close its alert; fix or dismiss (with a reason) each code scanning alert at or above the severity before the window ends.',
  },
  evaluate(view, params, asOf) {
    const findings: Finding[] = [];
    const age = (createdAt: string) => Math.floor((asOf.getTime() - Date.parse(createdAt)) / DAY);
    const judge = (kind: string, rec: { scope: string; ref: string; data: { repo: string; number: number; createdAt: string } }, what: string) => {
      const days = age(rec.data.createdAt);
      const resource = `github:${rec.data.repo}#${kind}-${rec.data.number}`;
      const at = { resource, scope: rec.scope, evidence: rec.ref };
      findings.push(
        days > params.maxDays
          ? { status: 'fail', ...at, reason: `${what} open for ${days} days, more than ${params.maxDays}` }
          : { status: 'pass', ...at, reason: `${what} open for ${days} days, within ${params.maxDays}` },
      );
    };
    // Why every secret alert whatever its type: a leaked credential is exploitable until it is revoked.
    for (const rec of view.records('github.org.secret-scanning-alert'))
      judge('secret-scanning', rec, `secret scanning alert (${rec.data.secretType ?? 'secret'})`);
    let unrated = 0;
    for (const rec of view.records('github.org.code-scanning-alert')) {
      const sev = rec.data.securitySeverity;
      // Why skipped: alerts of quality rules carry no security severity; the threshold is about security findings.
      if (sev === null) unrated++;
      else if (SEVERITY_RANK[sev] >= SEVERITY_RANK[params.minSeverity]) judge('code-scanning', rec, `${sev} code scanning alert ${rec.data.rule ?? ''}`.trim());
    }
    return {
      findings,
      notApplicable: findings.length === 0,
      ...(unrated ? { note: `${unrated} open code scanning alerts without a security severity were not judged` } : {}),
    };
  },
};
