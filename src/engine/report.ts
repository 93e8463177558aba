import type { RunInfo } from '../bundle/reader.js';
import type { Results } from './results.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** `data/report.md`: the same content as results.json, for people. */
export function renderReport(r: Results, run: RunInfo): string {
  const out: string[] = [];
  out.push(`# SOC 2 evidence report — ${r.organization}`, '');
  out.push(`- As of: ${r.asOf}`, `- Observation period: ${r.period.start} to ${r.period.end}`, `- Source: ${run.source}`, `- Tool: soc2 ${run.tool.version}`);
  out.push(
    `- Controls: ${r.summary.controls} (pass ${r.summary.pass}, fail ${r.summary.fail}, error ${r.summary.error}, manual ${r.summary.manual}, n/a ${r.summary['not-applicable']}; skipped ${r.summary.skipped})`,
    '',
  );
  out.push('## Controls', '', '| Control | Title | Criteria | Status | Failing | Owner |', '|---|---|---|---|---|---|');
  for (const c of r.controls) out.push(`| ${c.id} | ${cell(c.title)} | ${c.criteria.join(', ')} | ${c.status} | ${c.failing} | ${c.owner ?? '**no owner**'} |`);
  out.push('');
  const gaps = r.checks.filter((c) => c.status === 'fail' || c.status === 'error');
  if (gaps.length) {
    out.push('## Gaps', '');
    for (const c of gaps) {
      out.push(`### ${c.control} · ${c.check} — ${c.status}`, '', c.title, '');
      for (const f of c.findings.filter((f) => f.status === 'fail'))
        out.push(`- **${cell(f.resource)}**: ${cell(f.reason)} ([evidence](${f.evidence.replace(/^data\//, '')}))`);
      for (const e of c.errors) out.push(`- evidence missing: ${e.type} in ${e.scope} — ${e.cause} at ${e.operation}: ${cell(e.message)}`);
      if (c.remediation && c.status === 'fail') out.push('', `Remediation: ${c.remediation}`);
      out.push('');
    }
  }
  out.push('## Criteria', '', '| Criterion | Status | Coverage | Controls |', '|---|---|---|---|');
  for (const c of r.criteria) out.push(`| ${c.id} ${cell(c.title)} | ${c.status} | ${c.coverage} | ${c.controls.join(', ')} |`);
  out.push('');
  if (r.exceptions.length) {
    out.push('## Exceptions', '', '| Control | Resource | Reason | Approved by | Ticket | Expires | Findings covered |', '|---|---|---|---|---|---|---|');
    for (const e of r.exceptions)
      out.push(`| ${e.control} | ${cell(e.resource)} | ${cell(e.reason)} | ${e.approvedBy} | ${e.ticket} | ${e.expires} | ${e.covered} |`);
    out.push('');
  }
  if (r.skipped.length) {
    out.push('## Not assessed', '');
    for (const s of r.skipped) out.push(`- ${s.id} ${s.title}: ${s.reason}`);
    out.push('');
  }
  out.push('## Collection coverage', '', '| Collector | Scopes planned | Collected | Failed | Records | Retries |', '|---|---|---|---|---|---|');
  for (const [id, c] of Object.entries(run.coverage.collectors))
    out.push(`| ${id} | ${c.scopesPlanned} | ${c.scopesCollected} | ${c.scopesFailed} | ${c.records} | ${c.retries} |`);
  out.push('');
  return out.join('\n');
}
