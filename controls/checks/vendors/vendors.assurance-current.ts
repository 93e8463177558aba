import type { Check, Finding } from '../../../src/types.js';
import { addMonths, day } from './lib/discover.js';

export interface AssuranceParams {
  /** Longest time since the end of the period the report covers. */
  maxMonths: number;
  /** How long a bridge letter counts after its date. */
  bridgeMaxMonths: number;
}

const KIND: Record<string, string> = { 'soc2-type2': 'SOC 2 Type II report', iso27001: 'ISO 27001 certificate', other: 'assurance report' };

/**
 * Critical vendors and every subservice organisation have an assurance report on file whose period ended within
 * `maxMonths`, or a bridge letter dated after the period and within `bridgeMaxMonths` that covers the gap since.
 */
export const vendorsAssuranceCurrent: Check<AssuranceParams> = {
  meta: {
    id: 'vendors.assurance-current',
    title: 'Critical vendors and subservice organisations have a current assurance report on file',
    failureTitle: 'Critical vendors or subservice organisations without a current assurance report',
    requires: ['vendors.vendor'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxMonths: { type: 'integer', minimum: 1, default: 12 },
        bridgeMaxMonths: { type: 'integer', minimum: 1, default: 3 },
      },
    },
    remediation:
      "Obtain the vendor's latest SOC 2 Type II report (or ISO 27001 certificate), or a bridge letter covering the time since its period ended; keep the file in the documents folder and record kind, periodEnd, bridgeLetterDate and file in the vendor register.",
  },
  evaluate(view, params, asOf) {
    const findings: Finding[] = [];
    const today = day(asOf);
    for (const r of view.records('vendors.vendor')) {
      const v = r.data;
      // Why subservice organisations whatever their criticality: our report carves their controls out, so the auditor relies on theirs.
      if (v.criticality !== 'critical' && !v.subservice) continue;
      const why = v.subservice ? 'a subservice organisation' : 'critical';
      const at = { resource: `vendor:${v.name}`, scope: r.scope, evidence: r.ref };
      const a = v.assurance;
      if (!a) {
        findings.push({ status: 'fail', ...at, reason: `${v.name} (${why}) has no assurance report in the register` });
        continue;
      }
      const kind = KIND[a.kind]!;
      if (!a.report)
        findings.push({
          status: 'fail',
          ...at,
          reason: `${v.name} (${why}): the ${kind} (period ended ${a.periodEnd}) is named but no file is kept; add it under the documents folder`,
        });
      else if (addMonths(a.periodEnd, params.maxMonths) >= today)
        findings.push({
          status: 'pass',
          ...at,
          reason: `${v.name} (${why}): ${kind} ${a.report.file} (sha256 ${a.report.sha256.slice(0, 12)}…) covers a period that ended ${a.periodEnd}`,
        });
      else if (a.bridgeLetterDate && a.bridgeLetterDate > a.periodEnd && addMonths(a.bridgeLetterDate, params.bridgeMaxMonths) >= today)
        findings.push({
          status: 'pass',
          ...at,
          reason: `${v.name} (${why}): ${kind} ended ${a.periodEnd}; a bridge letter of ${a.bridgeLetterDate} covers the time since`,
        });
      else
        findings.push({
          status: 'fail',
          ...at,
          reason: `${v.name} (${why}): the ${kind}'s period ended ${a.periodEnd}, more than ${params.maxMonths} months ago${a.bridgeLetterDate ? `, and the bridge letter of ${a.bridgeLetterDate} is older than ${params.bridgeMaxMonths} months` : ', with no bridge letter'}`,
        });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
