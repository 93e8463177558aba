import { BundleWriter, type SealedBundle } from '../../src/bundle/writer.js';
import type { RunInfo } from '../../src/bundle/reader.js';
import type { ControlResult, CriterionResult, Results } from '../../src/engine/results.js';
import { ScopeTracker } from '../../src/engine/evidence.js';
import { assertBundleSchemas } from './bundle-schemas.js';
import type { CollectorEvent, Status } from '../../src/types.js';

export interface SyntheticControl {
  id: string;
  status: Status;
  criteria?: string[];
  /** `evidence`: the record cited (default `data/records/x.jsonl#L1`, a file these bundles do not hold). */
  failing?: Array<{ resource: string; reason: string; evidence?: string }>;
  excepted?: Array<{ resource: string; reason: string; ticket: string; expires: string }>;
  manual?: ControlResult['manual'];
}

/**
 * Writes and seals a synthetic bundle (for pack, verify and history tests): results with the given
 * control statuses and a few records. Real bundles come from `soc2 collect`; the layout is the same.
 */
export async function writeSyntheticBundle(
  evidenceDir: string,
  asOf: Date,
  controls: SyntheticControl[],
  events: CollectorEvent[] = [],
  /** `skipped`: controls listed as not assessed (their source not collected); `backfill`: sealed with --backfill. */
  opts: { skipped?: string[]; backfill?: boolean; files?: Record<string, string | Buffer> } = {},
): Promise<SealedBundle> {
  const w = await BundleWriter.create(evidenceDir, {
    asOf,
    toolVersion: '0.0.0-test',
    source: 'sandbox',
    organization: 'Test Org',
    ...(opts.backfill ? { backfill: true } : {}),
  });
  const tracker = new ScopeTracker();
  for (const ev of events) {
    tracker.add(ev);
    if (ev.kind === 'record') w.appendRecord(ev.type, { scope: ev.scope, source: ev.source, data: ev.data });
  }
  // `files`: extra files under data/ (attachments such as vendor reports), keyed by their path under data/.
  for (const [rel, content] of Object.entries(opts.files ?? {})) await w.writeData(rel, content);
  const controlResults: ControlResult[] = controls.map((c) => ({
    id: c.id,
    title: `Control ${c.id}`,
    criteria: c.criteria ?? ['CC6.1'],
    severity: 'high',
    owner: 'security@example.com',
    status: c.status,
    failing: c.failing?.length ?? 0,
    excepted: c.excepted?.length ?? 0,
    checks: [`${c.id.toLowerCase()}.check`],
    manual: c.manual ?? [],
  }));
  const criteria = new Map<string, string[]>();
  for (const c of controlResults) for (const k of c.criteria) criteria.set(k, [...(criteria.get(k) ?? []), c.id]);
  const order: Status[] = ['fail', 'error', 'manual', 'pass', 'not-applicable'];
  const criterionResults: CriterionResult[] = [...criteria].map(([id, ids]) => ({
    id,
    title: id,
    category: 'security',
    status: order.find((s) => controlResults.some((c) => ids.includes(c.id) && c.status === s)) ?? 'not-applicable',
    controls: ids,
    coverage: 'automated',
  }));
  const summary = { pass: 0, fail: 0, error: 0, manual: 0, 'not-applicable': 0, controls: controls.length, skipped: 0 };
  for (const c of controls) summary[c.status]++;
  const results: Results = {
    schemaVersion: 1,
    organization: 'Test Org',
    asOf: asOf.toISOString(),
    period: { start: '2026-01-01', end: '2026-12-31' },
    controlMapDigest: 'test',
    summary,
    controls: controlResults,
    criteria: criterionResults,
    checks: controls.map((c) => ({
      check: `${c.id.toLowerCase()}.check`,
      control: c.id,
      title: `Check of ${c.id}`,
      status: c.status,
      params: {},
      requires: [],
      findings: [
        ...(c.failing ?? []).map((f) => ({
          status: 'fail' as const,
          resource: f.resource,
          reason: f.reason,
          evidence: f.evidence ?? 'data/records/x.jsonl#L1',
        })),
        ...(c.excepted ?? []).map((f) => ({
          status: 'pass' as const,
          resource: f.resource,
          reason: f.reason,
          evidence: 'data/records/x.jsonl#L1',
          excepted: { reason: 'accepted risk', approvedBy: 'cto@example.com', ticket: f.ticket, expires: f.expires },
        })),
      ],
      errors: [],
    })),
    exceptions: [],
    skipped: (opts.skipped ?? []).map((id) => ({ id, title: `Control ${id}`, reason: 'source not collected (--only)' })),
  };
  const run: RunInfo = {
    tool: { name: 'soc2', version: '0.0.0-test' },
    organization: 'Test Org',
    asOf: asOf.toISOString(),
    period: results.period,
    source: 'sandbox',
    configDigest: 'test',
    controlMapDigest: 'test',
    controlMapFiles: [],
    categories: ['security'],
    endpoints: {},
    facts: {},
    collectedTypes: [],
    coverage: { collectors: {}, scopes: tracker.list() },
    startedAt: asOf.toISOString(),
    finishedAt: asOf.toISOString(),
  };
  await w.writeJson('run.json', run);
  await w.writeJson('results.json', results);
  await w.writeData('report.md', `# Test bundle ${asOf.toISOString()}\n`);
  const sealed = await w.seal();
  assertBundleSchemas(sealed.dir);
  return sealed;
}
