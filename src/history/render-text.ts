import type { ChalkInstance } from 'chalk';
import { clip, table } from '../util/table.js';
import { gridCells, gridColumns } from './days.js';
import type { DayStatus, Episode, HistoryReport } from './model.js';

/** One character per cell, readable without colour too. */
export const GLYPHS: Record<DayStatus, string> = {
  pass: '+',
  fail: 'F',
  error: 'E',
  manual: 'M',
  excepted: 'x',
  'not-applicable': '-',
  'not-assessed': '~',
  gap: '.',
};

/** Legend words: a cell that is not a verdict says why. */
export const LABELS: Record<DayStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  error: 'error',
  manual: 'manual',
  excepted: 'excepted',
  'not-applicable': 'not-applicable',
  'not-assessed': 'not assessed (source not collected)',
  gap: 'gap (no verified run)',
};

const MAX_CAUSES = 5;

function paint(c: ChalkInstance, s: DayStatus, text: string): string {
  switch (s) {
    case 'pass':
      return c.green(text);
    case 'fail':
      return c.red.bold(text);
    case 'error':
      return c.magenta(text);
    case 'manual':
      return c.yellow(text);
    case 'excepted':
      return c.cyan(text);
    default:
      return c.dim(text);
  }
}

/** The terminal view of `soc2 history`: grid, legend, operating figures, episodes, summary. */
export function renderHistoryText(h: HistoryReport, c: ChalkInstance): string {
  const out: string[] = [];
  const cols = gridColumns(h.window.days);
  const unit = cols.length && cols[0]!.to - cols[0]!.from > 1 ? 'week (7 days, worst status; gap only if no run all week)' : 'day';
  out.push(c.bold(`Observation window ${h.window.from} → ${h.window.to}`) + c.dim(`  one cell per ${unit}`));
  const width = Math.max(8, ...h.controls.map((x) => x.id.length), ...h.criteria.map((x) => x.id.length));
  const row = (id: string, days: DayStatus[]) =>
    `  ${id.padEnd(width)}  ${gridCells(days, cols)
      .map((s) => paint(c, s, GLYPHS[s]))
      .join('')}`;
  // Week cells hide partial gaps, so the runs row counts the days with an on-time verified run per column;
  // a day judged only by a backfilled bundle is marked b (its cells are shown, it is not a day with a run).
  const backfilled = h.bundles.backfilled ?? [];
  const runs = cols.map((col) => {
    const n = h.bundles.used.slice(col.from, col.to).filter((u, k) => u !== null && !backfilled[col.from + k]).length;
    const full = n === col.to - col.from;
    const mark = col.to - col.from === 1 ? (full ? '+' : backfilled[col.from] ? 'b' : '.') : String(n);
    return full ? c.dim(mark) : c.yellow(mark);
  });
  out.push(`  ${'runs'.padEnd(width)}  ${runs.join('')}`);
  for (const x of h.controls) out.push(row(x.id, x.days));
  if (h.criteria.length) {
    out.push(c.dim('  criteria'));
    for (const k of h.criteria) out.push(row(k.id, k.days));
  }
  const legend = (['pass', 'fail', 'error', 'manual', 'excepted', 'not-applicable', 'not-assessed', 'gap'] as DayStatus[]).map(
    (s) => `${paint(c, s, GLYPHS[s])} ${LABELS[s]}`,
  );
  // Three short lines rather than one long one: the legend must fit 80 columns.
  out.push(`  ${legend.slice(0, 6).join('   ')}`, `  ${legend.slice(6).join('   ')}`);
  if (backfilled.some(Boolean)) out.push(`  ${c.yellow('b')} (runs row) backfilled day: collected later, not counted as a run`);
  out.push('');
  out.push(
    table(
      ['control', 'observed', 'passing', 'excepted', 'operating', 'episodes'],
      h.controls.map((x) => [
        x.id,
        `${x.daysObserved}/${h.summary.daysInWindow}`,
        String(x.daysPassing),
        String(x.daysExcepted),
        x.operatingRate === null ? c.dim('—') : `${x.operatingRate.toFixed(1)}%`,
        String(x.episodes.length),
      ]),
      '  ',
    ),
  );
  for (const x of h.controls.filter((y) => y.episodes.length)) {
    out.push('', `  ${c.bold(x.id)} ${clip(x.title, 60)}${x.owner ? c.dim(`  owner ${x.owner}`) : ''}`);
    for (const ep of x.episodes) out.push(...episodeLines(ep, c));
  }
  if (h.lateEvidence.length) {
    out.push('', c.bold('Late manual evidence'));
    for (const l of h.lateEvidence) {
      const until = l.resolvedOn ? `on file ${l.resolvedOn}` : c.red('still missing');
      out.push(`  ${l.control} ${l.item}: ${l.state}${l.due ? `, due ${l.due.slice(0, 10)}` : ''}, ${l.daysLate} days late (${until})`);
    }
  }
  if (h.rescore) {
    out.push('', c.bold(`Re-scored ${h.rescore.bundlesRescored} bundles with the current control map: ${h.rescore.changes.length} verdicts change`));
    for (const ch of h.rescore.changes.slice(0, 50))
      out.push(`  ${ch.day}  ${ch.control.padEnd(width)}  ${verdict(c, ch.stored)} → ${verdict(c, ch.rescored)}`);
    if (h.rescore.changes.length > 50) out.push(c.dim(`  … ${h.rescore.changes.length - 50} more (--json lists all)`));
  }
  out.push('', ...summaryLines(h, c));
  return out.join('\n');
}

function verdict(c: ChalkInstance, s: DayStatus | 'absent'): string {
  return s === 'absent' ? c.dim('absent') : paint(c, s, s);
}

function episodeLines(ep: Episode, c: ChalkInstance): string[] {
  const end = ep.resolvedOn ? `resolved ${ep.resolvedOn}` : c.red('open at window end');
  const gaps = ep.counts.gap ? c.dim(`, ${ep.counts.gap} gap days inside`) : '';
  const lines = [`    ${paint(c, ep.status, ep.status.padEnd(8))} ${ep.start} → ${ep.end}  ${ep.days} day${ep.days === 1 ? '' : 's'}${gaps}, ${end}`];
  for (const f of ep.findings.slice(0, MAX_CAUSES)) lines.push(`             ${f.resource}: ${clip(f.reason, 100)}`);
  if (ep.findingsTotal > MAX_CAUSES) lines.push(c.dim(`             … ${ep.findingsTotal - MAX_CAUSES} more`));
  if (ep.issue) lines.push(`             ${c.cyan('tracked')} in ${ep.issue.url} (${ep.issue.actions.map((a) => `${a.action} ${a.day}`).join(', ')})`);
  for (const e of ep.exceptions) {
    lines.push(
      `             ${c.cyan('excepted')} by ${e.ticket} (${e.reason}; approved by ${e.approvedBy}; expires ${e.expires}) on ${e.days} day${e.days === 1 ? '' : 's'}`,
    );
  }
  return lines;
}

function summaryLines(h: HistoryReport, c: ChalkInstance): string[] {
  const s = h.summary;
  const gap = s.longestGap ? `${s.longestGap.days} days (${s.longestGap.start} → ${s.longestGap.end})` : 'none';
  const lines = [
    c.bold('Summary'),
    `  days in window          ${s.daysInWindow}`,
    `  days with a run         ${s.daysWithRun}${s.daysBackfilled ? ` (+${s.daysBackfilled} backfilled, not counted)` : ''}`,
    `  longest collection gap  ${gap}`,
    `  never failed            ${s.controlsNeverFailed.length ? s.controlsNeverFailed.join(', ') : 'none'}`,
    `  open at window end      ${s.openAtEnd.length ? s.openAtEnd.map((o) => `${o.control} (${o.status} since ${o.since})`).join(', ') : 'none'}`,
  ];
  for (const x of h.bundles.excluded) {
    lines.push(
      c.red(`  excluded ${x.bundle}: failed verification`) +
        ` — ${x.problems.slice(0, 3).join('; ')}${x.problems.length > 3 ? ` (+${x.problems.length - 3})` : ''}`,
    );
  }
  return lines;
}
