import { escapeHtml } from '../util/html.js';
import { HISTORY_CSS, renderHistorySection } from '../history/render-html.js';
import type { DayStatus as HistoryDay, HistoryReport, OperatingStats } from '../history/model.js';
import { LABELS } from '../history/render-text.js';
import type { CheckResult } from '../engine/results.js';
import type { Finding } from '../types.js';
import type { PopulationSummary } from './populations.js';
import type { PackVendors } from './vendors.js';
import { formatInterval } from '../populations/policy.js';
import { evidenceLink, type ControlWindow, type DayStatus, type WindowSummary } from './summary.js';

/** Findings shown per check and kind before pointing at results.json: keeps index.html readable for big orgs. */
const MAX_FINDINGS = 200;

export interface IndexOptions {
  fingerprint?: string;
  populations: PopulationSummary[];
  toolVersion: string;
  /** The Type II day grid of the window (src/history), when the pack covers a window. */
  history?: HistoryReport;
  /** The vendor register of the newest bundle that has one, with its packed assurance reports. */
  vendors?: PackVendors;
}

const esc = escapeHtml;
const href = (path: string): string => esc(path.split('/').map(encodeURIComponent).join('/'));
const link = (path: string, text: string): string => `<a href="${href(path)}">${esc(text)}</a>`;
const badge = (s: DayStatus | 'excepted'): string => `<span class="st ${esc(s ?? 'none')}">${esc(s ?? '—')}</span>`;
/** A pass that holds only because exceptions covered failing findings reads `pass (excepted)`. */
const verdict = (status: DayStatus, excepted: boolean): string =>
  status === 'pass' && excepted ? `<span class="st excepted">pass (excepted)</span>` : badge(status);

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:78rem;color:#1d232b;padding:0 1rem}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccd}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #d5d9e0;padding:.25rem .45rem;text-align:left;vertical-align:top}th{background:#f1f3f6}
.st{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:12px;background:#e4e7eb}.pass{background:#cdeccf}
.fail{background:#f7c6c2}.error{background:#e9cdf3}.manual{background:#fbe7b5}.excepted{background:#c9e7f2}
.strip{display:flex;flex-wrap:wrap;gap:1px}.strip i{width:6px;height:14px;background:#e4e7eb}.strip i.pass{background:#4caf50}
.strip i.fail{background:#d9382c}.strip i.error{background:#9c27b0}.strip i.manual{background:#f0b400}
.strip i.excepted{background:#3fa7c9}.strip i.not-applicable{background:#b8bec6}.strip i.gap{background:#f4f5f7;outline:1px solid #d5d9e0;outline-offset:-1px}
.strip i.not-assessed{background:repeating-linear-gradient(45deg,#fff,#fff 2px,#aab 2px,#aab 4px)}.strip i.bf{outline:2px dashed #b26a00;outline-offset:-2px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}code{font-size:12px}
section.control{border:1px solid #d5d9e0;border-radius:6px;padding:.2rem 1rem 1rem;margin:1rem 0}`;

/** The pack's front page: self-contained (inline CSS, no scripts, no external assets), relative links only. */
export function renderIndex(s: WindowSummary, opts: IndexOptions): string {
  const title = `SOC 2 evidence pack — ${s.organization} — ${s.window.from} to ${s.window.to}`;
  const newest = s.bundles[s.bundles.length - 1];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}${opts.history ? HISTORY_CSS : ''}</style></head><body>
<h1>${esc(title)}</h1>
<dl>
<dt>Organization</dt><dd>${esc(s.organization)}</dd>
<dt>Scope</dt><dd>Trust services categories: ${esc(s.categories.join(', ') || 'security')}; observation period ${esc(s.period.start)} to ${esc(s.period.end)}</dd>
<dt>Window</dt><dd>${esc(s.window.from)} to ${esc(s.window.to)}: ${s.bundles.length} sealed bundle(s), ${esc(s.bundles[0]?.name)} … ${esc(newest?.name)}${backfilled(s)}</dd>
<dt>Sources</dt><dd>${esc([...new Set(s.bundles.map((b) => b.source))].join(', '))}</dd>
<dt>Signature</dt><dd>${opts.fingerprint ? `Ed25519, public key fingerprint (sha256 of DER) <code id="fingerprint">${esc(opts.fingerprint)}</code>` : 'not signed'}</dd>
<dt>Produced by</dt><dd>soc2 ${esc(opts.toolVersion)}</dd>
</dl>
<p>Check this pack without soc2: <code>sha256sum -c SHA256SUMS</code> in the unzipped folder; each folder under <code>bundles/</code> is a BagIt 1.0 bag (<code>bagit.py --validate bundles/&lt;name&gt;</code>). Files: ${link('controls-criteria.csv', 'controls-criteria.csv')}, ${link('exceptions.csv', 'exceptions.csv')}${opts.populations.map((p) => `, ${link(p.file, p.file)}`).join('')}.</p>
${populationsSection(opts.populations)}
<h2>Criteria in scope</h2>
<table id="criteria"><tr><th>Criterion</th><th>Title</th><th>Coverage</th><th>Newest</th><th>Over the window</th><th>Controls</th></tr>
${s.criteria
  .map(
    (c) =>
      `<tr class="criterion-row"><td>${esc(c.criterion.id)}</td><td>${esc(c.criterion.title)}</td><td>${esc(c.criterion.coverage)}</td><td>${badge(c.criterion.status)}</td><td>${overWindow(
        c.statuses,
        s,
        opts.history,
        opts.history?.criteria.find((k) => k.id === c.criterion.id),
      )}</td><td>${c.criterion.controls.map((id) => `<a href="#control-${esc(id)}">${esc(id)}</a>`).join(' ')}</td></tr>`,
  )
  .join('\n')}
</table>
${opts.history ? renderHistorySection(opts.history) : ''}
<h2>Controls</h2>
<table id="controls"><tr><th>Control</th><th>Title</th><th>Criteria</th><th>Owner</th><th>Newest</th><th>Over the window</th></tr>
${s.controls
  .map(
    (c) =>
      `<tr class="control-row" data-control="${esc(c.control.id)}"><td><a href="#control-${esc(c.control.id)}">${esc(c.control.id)}</a></td><td>${esc(c.control.title)}</td><td>${esc(c.control.criteria.join(', '))}</td><td>${esc(c.control.owner ?? 'no owner')}</td><td>${verdict(c.control.status, c.control.excepted > 0)}</td><td>${overWindow(
        c.statuses,
        s,
        opts.history,
        opts.history?.controls.find((k) => k.id === c.control.id),
      )}</td></tr>`,
  )
  .join('\n')}
</table>
${s.controls.map((c) => controlSection(c)).join('\n')}
${opts.vendors ? vendorsSection(opts.vendors) : ''}
<h2>Exceptions</h2>
${
  s.exceptions.length === 0
    ? '<p>No exceptions were in force during the window.</p>'
    : `<table id="exceptions"><tr><th>Control</th><th>Resource</th><th>Reason</th><th>Approver</th><th>Ticket</th><th>Expires</th><th>Findings covered</th><th>Bundles</th></tr>
${s.exceptions.map((x) => `<tr><td>${esc(x.control)}</td><td>${esc(x.resource)}</td><td>${esc(x.reason)}</td><td>${esc(x.approvedBy)}</td><td>${esc(x.ticket)}</td><td>${esc(x.expires)}${x.expired ? ' (expired)' : ''}</td><td>${x.covered}</td><td>${esc(x.first)} … ${esc(x.last)}</td></tr>`).join('\n')}</table>`
}
<h2>Bundles</h2>
<table id="bundles"><tr><th>Bundle</th><th>As of (UTC)</th><th>Collected (UTC)</th><th>Source</th><th>pass</th><th>fail</th><th>error</th><th>manual</th><th>Files</th></tr>
${s.bundles.map((b) => `<tr${b.backfill ? ' class="backfilled"' : ''}><td>${esc(b.name)}</td><td>${esc(b.asOf)}${b.backfill ? ' <span class="st manual">backfilled</span>' : ''}</td><td>${esc(b.collectedAt ?? '')}</td><td>${esc(b.source)}</td><td>${b.summary.pass}</td><td>${b.summary.fail}</td><td>${b.summary.error}</td><td>${b.summary.manual}</td><td>${link(`bundles/${b.name}/data/report.md`, 'report')} ${link(`bundles/${b.name}/data/results.json`, 'results')} ${link(`bundles/${b.name}/bag-info.txt`, 'bag-info')} ${link(`bundles/${b.name}/manifest-sha256.txt`, 'manifest')}</td></tr>`).join('\n')}
</table>
</body></html>
`;
}

/**
 * "Over the window": one mark per day and counts of days, from the history grid (the day's verdict, the
 * not-assessed days and collection gaps drawn apart, backfilled days outlined and not counted as observed).
 * A hand-picked set of bundles has no days: one mark per bundle, counted as bundles.
 */
function overWindow(statuses: DayStatus[], s: WindowSummary, h: HistoryReport | undefined, row: (OperatingStats & { days: HistoryDay[] }) | undefined): string {
  if (!h || !row) return `${strip(statuses, s)}${counts(statuses)}`;
  const bf = h.bundles.backfilled ?? [];
  const marks = row.days
    .map((st, i) => `<i class="${esc(st)}${bf[i] ? ' bf' : ''}" title="${esc(h.window.days[i])}: ${esc(LABELS[st])}${bf[i] ? ' (backfilled)' : ''}"></i>`)
    .join('');
  const gaps = row.days.filter((x, i) => x === 'gap' && !bf[i]).length;
  const extra = [
    row.daysNotAssessed ? `${row.daysNotAssessed} not assessed` : '',
    gaps ? `${gaps} without a run` : '',
    row.daysBackfilled ? `${row.daysBackfilled} backfilled (not counted)` : '',
  ].filter(Boolean);
  const text = `${row.daysPassing} passing${row.daysExcepted ? ` (${row.daysExcepted} excepted)` : ''}, ${row.daysFailing} failing, ${row.daysError} error, ${row.daysManual} manual of ${row.daysObserved} days observed (${h.window.days.length} in the window${extra.length ? `; ${extra.join(', ')}` : ''})`;
  return `<div class="strip">${marks}</div><small class="days">${esc(text)}</small>`;
}

function strip(statuses: DayStatus[], s: WindowSummary): string {
  return `<div class="strip">${statuses.map((st, i) => `<i class="${esc(st ?? 'none')}" title="${esc(s.bundles[i]?.name)}: ${esc(st ?? 'not in map')}"></i>`).join('')}</div>`;
}

function counts(statuses: DayStatus[]): string {
  const n = (k: DayStatus): number => statuses.filter((x) => x === k).length;
  return `<small>${n('pass')} pass, ${n('fail')} fail, ${n('error')} error, ${n('manual')} manual of ${statuses.length} bundles</small>`;
}

function controlSection(c: ControlWindow): string {
  const k = c.control;
  return `<section class="control" id="control-${esc(k.id)}"><h3>${esc(k.id)} — ${esc(k.title)} ${verdict(k.status, k.excepted > 0)}</h3>
<p>Criteria ${esc(k.criteria.join(', '))}; severity ${esc(k.severity)}; owner ${esc(k.owner ?? 'none (a gap)')}.${k.why ? ` ${esc(k.why)}` : ''}</p>
<h4>Checks in the newest bundle (${esc(c.bundle)})</h4>
${c.checks.map((chk) => checkBlock(chk, c.bundle, c.dir)).join('\n') || '<p>No automated checks.</p>'}
${k.manual.length ? `<p>Manual evidence: ${k.manual.map((m) => `${esc(m.description)} (${esc(m.state)})`).join('; ')}</p>` : ''}
${
  c.failures.length
    ? `<h4>Failures during the window</h4><table><tr><th>Check</th><th>Resource</th><th>Reason (latest)</th><th>First seen</th><th>Last seen</th><th>Bundles</th><th>Evidence</th></tr>
${c.failures
  .slice(0, MAX_FINDINGS)
  .map(
    (f) =>
      `<tr><td>${esc(f.check)}</td><td>${esc(f.resource)}</td><td>${esc(f.reason)}</td><td>${esc(f.first)}</td><td>${esc(f.last)}</td><td>${f.bundles}</td><td>${f.evidence ? link(f.evidence, `${f.evidence.split('/').pop()}${f.line ? ` line ${f.line}` : ''}`) : f.cited ? noFile(f.cited) : ''}</td></tr>`,
  )
  .join('\n')}</table>${more(c.failures.length)}`
    : ''
}
</section>`;
}

function checkBlock(chk: CheckResult, bundle: string, dir: string): string {
  const fails = chk.findings.filter((f) => f.status === 'fail');
  const excepted = chk.findings.filter((f) => f.status === 'pass' && f.excepted);
  const passes = chk.findings.filter((f) => f.status === 'pass' && !f.excepted);
  const errs = chk.errors.map((e) => esc(JSON.stringify(e))).join('<br>');
  return `<div class="check"><p><code>${esc(chk.check)}</code> ${esc(chk.title)} ${verdict(chk.status, excepted.length > 0)}${chk.note ? ` — ${esc(chk.note)}` : ''}</p>
${errs ? `<p>Collection errors: ${errs}</p>` : ''}${findingTable(fails, bundle, dir, 'Failing')}${findingTable(excepted, bundle, dir, 'Excepted')}
${passes.length ? `<details><summary>${passes.length} passing finding(s)</summary>${findingTable(passes, bundle, dir, 'Passing')}</details>` : ''}</div>`;
}

function findingTable(fs: Finding[], bundle: string, dir: string, label: string): string {
  if (fs.length === 0) return '';
  const rows = fs.slice(0, MAX_FINDINGS).map((f) => {
    const ev = evidenceLink(bundle, f.evidence, dir);
    const x = f.excepted
      ? ` ${badge('excepted')} ${esc(f.excepted.reason)}; approved by ${esc(f.excepted.approvedBy)}, ${esc(f.excepted.ticket)}, until ${esc(f.excepted.expires)}`
      : '';
    return `<tr><td>${esc(f.resource)}</td><td>${esc(f.reason)}${x}</td><td>${ev ? link(ev.path, `${ev.path.split('/').pop()}${ev.line ? ` line ${ev.line}` : ''}`) : noFile(f.evidence)}</td></tr>`;
  });
  return `<table class="findings"><tr><th>${esc(label)}: resource</th><th>Reason</th><th>Evidence</th></tr>${rows.join('')}</table>${more(fs.length)}`;
}

/** Backfilled bundles are named in the scope block: evidence collected after the day it describes. */
function backfilled(s: WindowSummary): string {
  const b = s.bundles.filter((x) => x.backfill);
  if (b.length === 0) return '';
  return `; <strong>${b.length} backfilled</strong> (collected later than the day they describe, shown apart and not counted as days with a run): ${b.map((x) => `${esc(x.name)} describes ${esc(x.asOf.slice(0, 10))}, collected ${esc((x.collectedAt ?? '').slice(0, 10))}`).join('; ')}`;
}

function noFile(ref: string): string {
  return `<span class="no-file">${esc(ref)} (no such file in the bundle)</span>`;
}

function more(n: number): string {
  return n > MAX_FINDINGS ? `<p>… and ${n - MAX_FINDINGS} more in the bundle's results.json.</p>` : '';
}

/** Per population: its rows (one per distinct event), the intervals the bundles cover, and any holes. */
function populationsSection(list: PopulationSummary[]): string {
  if (list.length === 0) return '';
  const row = (p: PopulationSummary) =>
    `<tr class="population-row" data-type="${esc(p.type)}"><td>${link(p.file, p.type)}</td><td class="rows">${p.rows}</td><td>${esc(formatInterval(p.window))}</td>` +
    `<td>${p.covered.map((c) => `${esc(formatInterval(c.interval))} (${c.scopes} scope(s))`).join('<br>') || 'nothing'}</td>` +
    `<td class="holes">${p.holes.length ? p.holes.map((h) => `${badge('error')} ${esc(h.scope)} ${esc(formatInterval(h.interval))}: ${esc(h.why)}`).join('<br>') : 'none'}</td></tr>`;
  return `<h2>Populations</h2>
<p>One row per distinct event over the window, citing the bundle and evidence line that first recorded it. A hole is a stretch no bundle covers and the provider no longer holds: checks that need it are <code>error</code>.</p>
<table id="populations"><tr><th>Population</th><th>Rows</th><th>Window</th><th>Covered</th><th>Holes</th></tr>
${list.map(row).join('\n')}
</table>`;
}

/** The vendor register as of the newest bundle: criticality, review, assurance report (linked, by digest), CUECs. */
function vendorsSection(v: PackVendors): string {
  const row = (x: PackVendors['vendors'][number]): string => {
    const a = x.assurance;
    const packed = a?.report ? v.reports.find((r) => r.sha256 === a.report!.sha256) : undefined;
    const report = !a
      ? 'none'
      : `${esc(a.kind)}, period ended ${esc(a.periodEnd)}${a.bridgeLetterDate ? `, bridge letter ${esc(a.bridgeLetterDate)}` : ''}${packed ? `<br>${link(packed.packPath, a.report!.file)} <code>sha256 ${esc(packed.sha256.slice(0, 16))}…</code>` : '<br>no file kept'}`;
    const unmapped = x.cuecs.filter((c) => !c.control);
    const cuecs =
      x.cuecs.length === 0
        ? x.subservice
          ? 'none recorded'
          : ''
        : `${x.cuecs.length - unmapped.length}/${x.cuecs.length} mapped${unmapped.length ? `; unmapped: ${esc(unmapped.map((c) => c.id).join(', '))}` : ''}`;
    return `<tr class="vendor-row"><td>${esc(x.name)}</td><td>${esc(x.purpose)}</td><td>${esc(x.criticality)}</td><td>${x.subservice ? 'yes' : 'no'}</td><td>${esc(x.owner)}</td><td>${esc(x.lastReviewDate ?? 'never')}</td><td>${report}</td><td>${cuecs}</td></tr>`;
  };
  return `<h2 id="vendors">Vendors and subservice organisations</h2>
<p>The vendor register as recorded in bundle ${esc(v.bundle)} (${link('vendors.csv', 'vendors.csv')}); assurance reports under <code>vendors/reports/</code>, each checked against the digest the register recorded.</p>
<table id="vendor-register"><tr><th>Vendor</th><th>Purpose</th><th>Criticality</th><th>Subservice</th><th>Owner</th><th>Last review</th><th>Assurance</th><th>CUECs</th></tr>
${v.vendors.map(row).join('\n')}
</table>`;
}
