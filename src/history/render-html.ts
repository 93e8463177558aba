import { escapeHtml } from '../util/html.js';
import { gridCells, gridColumns } from './days.js';
import type { DayStatus, HistoryReport } from './model.js';
import { GLYPHS, LABELS } from './render-text.js';

/** CSS the history section needs (inline, no external resources: the page must open offline). */
export const HISTORY_CSS = `
.soc2-history{font:13px/1.4 system-ui,sans-serif;color:#1a1a1a}
.soc2-history table{border-collapse:collapse;margin:.5em 0}
.soc2-history th,.soc2-history td{padding:2px 6px;text-align:left;vertical-align:top}
.soc2-history .grid td.c{width:10px;height:14px;padding:0;border:1px solid #fff;font-size:9px;text-align:center}
.soc2-history .s-pass{background:#2e9e4f;color:#fff}.soc2-history .s-fail{background:#d1242f;color:#fff}
.soc2-history .s-error{background:#8e44ad;color:#fff}.soc2-history .s-manual{background:#e3b341}
.soc2-history .s-excepted{background:#3fa7c9;color:#fff}.soc2-history .s-not-applicable{background:#ccc}
.soc2-history .s-gap{background:#f2f2f2;color:#999}
.soc2-history .s-not-assessed{background:repeating-linear-gradient(45deg,#fff,#fff 2px,#c8c8c8 2px,#c8c8c8 4px);color:#666}
.soc2-history .grid td.bf{outline:2px dashed #b26a00;outline-offset:-2px}
.soc2-history .legend span{display:inline-block;padding:0 6px;margin-right:4px}
.soc2-history .muted{color:#777}
`;

export { escapeHtml };

const LEGEND: DayStatus[] = ['pass', 'fail', 'error', 'manual', 'excepted', 'not-applicable', 'not-assessed', 'gap'];

/** The history grid, operating figures and episodes as an HTML fragment (for the pack's index.html). */
export function renderHistorySection(h: HistoryReport): string {
  const cols = gridColumns(h.window.days);
  const weekly = cols.length > 0 && cols[0]!.to - cols[0]!.from > 1;
  const backfilled = h.bundles.backfilled ?? [];
  const bf = (i: number) => backfilled.slice(cols[i]!.from, cols[i]!.to).some(Boolean);
  const cell = (s: DayStatus, i: number) => {
    const col = cols[i]!;
    const when = col.start === col.end ? col.start : `${col.start} – ${col.end}`;
    const mark = bf(i) ? ' (backfilled: collected later than the day it describes)' : '';
    return `<td class="c s-${s}${bf(i) ? ' bf' : ''}" title="${escapeHtml(`${when}: ${LABELS[s]}${mark}`)}">${GLYPHS[s] === '+' ? '' : escapeHtml(GLYPHS[s])}</td>`;
  };
  const gridRow = (id: string, title: string, days: DayStatus[]) =>
    `<tr><th title="${escapeHtml(title)}">${escapeHtml(id)}</th>${gridCells(days, cols).map(cell).join('')}</tr>`;
  const parts: string[] = [];
  parts.push(`<section class="soc2-history">`);
  parts.push(`<h2>Operation of controls ${escapeHtml(h.window.from)} – ${escapeHtml(h.window.to)}</h2>`);
  parts.push(
    `<p class="muted">One cell per ${weekly ? 'week (7 days from the window start; the worst status of the week; a gap only when no verified run that week)' : 'day (the last verified run of the day)'}.</p>`,
  );
  const runs = cols
    .map(
      (col, i) =>
        `<td class="c muted${bf(i) ? ' bf' : ''}">${h.bundles.used.slice(col.from, col.to).filter((u, k) => u !== null && !backfilled[col.from + k]).length}${bf(i) ? 'b' : ''}</td>`,
    )
    .join('');
  parts.push(
    `<table class="grid"><tr><th title="days with a verified run">runs</th>${runs}</tr>${h.controls.map((c) => gridRow(c.id, c.title, c.days)).join('')}`,
  );
  if (h.criteria.length)
    parts.push(`<tr><td class="muted" colspan="${cols.length + 1}">criteria</td></tr>${h.criteria.map((k) => gridRow(k.id, k.title, k.days)).join('')}`);
  parts.push(`</table>`);
  parts.push(
    `<p class="legend">${LEGEND.map((s) => `<span class="s-${s}">${escapeHtml(LABELS[s])}</span>`).join('')}${backfilled.some(Boolean) ? '<span class="bf" style="outline:2px dashed #b26a00">backfilled day (not counted as observed)</span>' : ''}</p>`,
  );
  parts.push(
    `<table id="operation"><tr><th>control</th><th>owner</th><th>days observed</th><th>days passing</th><th>of which excepted</th><th>days failing</th><th>not assessed</th><th>backfilled</th><th>operating rate</th></tr>`,
  );
  for (const c of h.controls) {
    const rate = c.operatingRate === null ? '—' : `${c.operatingRate.toFixed(1)}%`;
    parts.push(
      `<tr data-control="${escapeHtml(c.id)}"><td>${escapeHtml(c.id)}</td><td>${escapeHtml(c.owner ?? '')}</td><td>${c.daysObserved}</td><td>${c.daysPassing}</td><td>${c.daysExcepted}</td><td>${c.daysFailing}</td><td>${c.daysNotAssessed}</td><td>${c.daysBackfilled}</td><td>${rate}</td></tr>`,
    );
  }
  parts.push(`</table>`);
  const episodes = h.controls.flatMap((c) => c.episodes.map((e) => ({ c, e })));
  if (episodes.length) {
    parts.push(
      `<h3>Failure episodes</h3><table><tr><th>control</th><th>status</th><th>start</th><th>end</th><th>days</th><th>resolved</th><th>caused by</th><th>exception</th></tr>`,
    );
    for (const { c, e } of episodes) {
      const causes =
        e.findings
          .slice(0, 5)
          .map((f) => `${escapeHtml(f.resource)}: ${escapeHtml(f.reason)}`)
          .join('<br>') + (e.findingsTotal > 5 ? `<br><span class="muted">… ${e.findingsTotal - 5} more</span>` : '');
      const exc = e.exceptions.map((x) => escapeHtml(`${x.ticket} (${x.reason}; ${x.approvedBy}; expires ${x.expires})`)).join('<br>');
      parts.push(
        `<tr><td>${escapeHtml(c.id)}</td><td class="s-${e.status}">${e.status}</td><td>${e.start}</td><td>${e.end}</td><td>${e.days}</td><td>${e.resolvedOn ?? '<b>open</b>'}</td><td>${causes}</td><td>${exc}</td></tr>`,
      );
    }
    parts.push(`</table>`);
  }
  const s = h.summary;
  parts.push(`<h3>Summary</h3><table>`);
  const gap = s.longestGap ? `${s.longestGap.days} days (${s.longestGap.start} – ${s.longestGap.end})` : 'none';
  const rows: Array<[string, string]> = [
    ['days in window', String(s.daysInWindow)],
    ['days with a run', String(s.daysWithRun)],
    ['days backfilled (collected later, not counted as runs)', String(s.daysBackfilled ?? 0)],
    ['longest collection gap', gap],
    ['controls that never failed', s.controlsNeverFailed.join(', ') || 'none'],
    ['open at window end', s.openAtEnd.map((o) => `${o.control} (${o.status} since ${o.since})`).join(', ') || 'none'],
    ['bundles excluded (failed verification)', h.bundles.excluded.map((x) => `${x.bundle}: ${x.problems.join('; ')}`).join(' · ') || 'none'],
  ];
  for (const [k, v] of rows) parts.push(`<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`);
  parts.push(`</table></section>`);
  return parts.join('\n');
}

/** A self-contained HTML page with the history grid (`soc2 history --html FILE`). */
export function renderHistoryHtml(h: HistoryReport): string {
  const title = `soc2 history ${h.window.from} – ${h.window.to}`;
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${HISTORY_CSS}</style></head>\n<body>\n${renderHistorySection(h)}\n</body></html>\n`;
}
