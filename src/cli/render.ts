import type { Results } from '../engine/results.js';
import type { Status } from '../types.js';
import { EXIT, type ExitCode } from './exit.js';
import type { Output } from './output.js';
import { clip, table } from './table.js';

/** The gap table: one row per control, then the criteria in scope with their status. */
export function renderGapTable(out: Output, r: Results): string {
  const rows = r.controls.map((c) => [
    c.id,
    clip(c.title, 58),
    clip(c.criteria.join(','), 22),
    out.status(c.status),
    c.failing ? out.c.red(String(c.failing)) : c.excepted ? out.c.cyan(`0 (+${c.excepted} exc)`) : '0',
    c.owner ?? (c.ownerMissing ? out.c.red('no owner') : '-'),
  ]);
  const lines = [table(['CONTROL', 'TITLE', 'CRITERIA', 'STATUS', 'FAILING', 'OWNER'], rows)];
  lines.push('', out.c.bold('Criteria in scope'));
  const cells = r.criteria.map((c) => `${c.id.padEnd(6)} ${out.status(c.status)}`);
  for (let i = 0; i < cells.length; i += 6) lines.push(`  ${cells.slice(i, i + 6).map((s) => padAnsi(s, 18)).join('')}`);
  const s = r.summary;
  lines.push(
    '',
    `${s.controls} controls: ${out.c.green(`${s.pass} pass`)}, ${out.c.red(`${s.fail} fail`)}, ${out.c.magenta(`${s.error} error`)}, ${out.c.yellow(`${s.manual} manual`)}, ${s['not-applicable']} n/a` +
      (s.skipped ? `; ${s.skipped} not assessed (source not configured)` : ''),
  );
  return lines.join('\n');
}

/** The findings behind each failing or erroring control, briefly. */
export function renderGaps(out: Output, r: Results, max = 5): string {
  const lines: string[] = [];
  for (const c of r.checks) {
    if (c.status !== 'fail' && c.status !== 'error') continue;
    lines.push(`${out.status(c.status)} ${c.control} ${out.c.dim(c.check)} ${c.title}`);
    const fails = c.findings.filter((f) => f.status === 'fail');
    for (const f of fails.slice(0, max)) lines.push(`    ${f.resource}: ${f.reason}`);
    if (fails.length > max) lines.push(out.c.dim(`    … and ${fails.length - max} more (see the bundle's report.md)`));
    for (const e of c.errors.slice(0, max)) lines.push(`    ${out.c.magenta('could not collect')} ${e.type} in ${e.scope}: ${e.cause} at ${e.operation}: ${e.message}`);
    if (c.errors.length > max) lines.push(out.c.dim(`    … and ${c.errors.length - max} more`));
  }
  return lines.join('\n');
}

function padAnsi(s: string, width: number): string {
  // eslint-disable-next-line no-control-regex
  const visible = s.replace(/\u001b\[[0-9;]*m/g, '').length;
  return s + ' '.repeat(Math.max(1, width - visible));
}

/** Exit code from results: error (3) takes precedence over fail (1); --fail-on chooses what counts. */
export function exitFor(r: Results, failOn: 'fail' | 'error' | 'never' = 'fail'): ExitCode {
  if (failOn === 'never') return EXIT.ok;
  const has = (s: Status) => r.controls.some((c) => c.status === s);
  if (has('error')) return EXIT.incomplete;
  if (failOn === 'fail' && has('fail')) return EXIT.gaps;
  return EXIT.ok;
}
