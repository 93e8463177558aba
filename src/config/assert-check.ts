import type { Check, Finding, StoredRecord } from '../types.js';
import { ajv, describeAjvError, type ValidateFunction } from '../util/ajv.js';

export interface AssertSpec {
  type: string;
  where?: Record<string, unknown>;
  expect: Record<string, unknown>;
  resource?: string;
}

/**
 * A declarative check from the control map: `where` (JSON Schema) selects records of one evidence
 * type, `expect` (JSON Schema) judges each. Compiling throws on an invalid schema (reported by the
 * control-map loader with the file position).
 */
export function assertCheck(id: string, title: string, spec: AssertSpec): Check<Record<string, never>> {
  const where: ValidateFunction | undefined = spec.where ? ajv.compile(spec.where) : undefined;
  const expect = ajv.compile(spec.expect);
  return {
    meta: {
      id,
      title,
      failureTitle: `${title} (not met)`,
      requires: [spec.type],
      remediation: 'Bring the failing records in line with the expectation in the control map.',
    },
    evaluate(ev) {
      const findings: Finding[] = [];
      const selected = ev.records(spec.type).filter((r) => !where || where(r.data));
      for (const rec of selected) {
        const resource = resourceOf(rec, spec.resource);
        if (expect(rec.data)) {
          findings.push({ status: 'pass', resource, reason: 'meets the expectation', evidence: rec.ref, scope: rec.scope });
        } else {
          const why = (expect.errors ?? []).map((e) => `${e.instancePath || '/'} ${describeAjvError(e)}`).join('; ');
          findings.push({ status: 'fail', resource, reason: why, evidence: rec.ref, scope: rec.scope });
        }
      }
      return { findings, notApplicable: selected.length === 0 };
    },
  };
}

function resourceOf(rec: StoredRecord, path?: string): string {
  const d = rec.data as Record<string, unknown>;
  if (path) {
    let v: unknown = d;
    for (const p of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    if (v !== undefined) return String(v);
  }
  for (const k of ['arn', 'Arn', 'TrailARN', 'resource', 'login', 'name', 'Name', 'id']) if (typeof d?.[k] === 'string') return d[k];
  return `${rec.scope}:${rec.ref}`;
}
