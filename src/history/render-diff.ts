import type { ChalkInstance } from 'chalk';
import { clip } from '../util/table.js';
import type { BundleDiff } from './diff.js';

/** Entries listed per section on a terminal; `--json` lists all. */
const MAX_LIST = 20;

function list<T>(items: T[], line: (x: T) => string, c: ChalkInstance): string[] {
  const out = items.slice(0, MAX_LIST).map((x) => `    ${line(x)}`);
  if (items.length > MAX_LIST) out.push(c.dim(`    … ${items.length - MAX_LIST} more (--json lists all)`));
  return out;
}

/** The terminal view of `soc2 diff`. */
export function renderDiffText(d: BundleDiff, c: ChalkInstance): string {
  const out: string[] = [c.bold(`${d.old.bundle} → ${d.new.bundle}`)];
  const section = (title: string, lines: string[]) => {
    if (lines.length) out.push('', `  ${c.bold(title)}`, ...lines);
  };
  section(
    'Controls newly failing',
    list(d.controls.newlyFailing, (x) => `${c.red(x.id)}  ${clip(x.title, 60)}  (was ${x.old})`, c),
  );
  section(
    'Controls resolved',
    list(d.controls.resolved, (x) => `${c.green(x.id)}  ${clip(x.title, 60)}  (now ${x.new})`, c),
  );
  section(
    'Controls now passing by exception (still failing, waived)',
    list(d.controls.excepted ?? [], (x) => `${c.cyan(x.id)}  ${clip(x.title, 60)}  (was ${x.old})`, c),
  );
  const other = d.controls.changed.filter(
    (x) => !d.controls.newlyFailing.includes(x) && !d.controls.resolved.includes(x) && !(d.controls.excepted ?? []).includes(x),
  );
  section(
    'Other status changes',
    list(other, (x) => `${x.id}  ${x.old} → ${x.new}`, c),
  );
  section(
    'Findings newly failing',
    list(d.findings.newlyFailing, (f) => `${c.red('+')} ${f.control} ${f.resource}: ${clip(f.reason, 90)}`, c),
  );
  section(
    'Findings resolved',
    list(d.findings.resolved, (f) => `${c.green('-')} ${f.control} ${f.resource}`, c),
  );
  section(
    'Findings newly excepted (not resolved)',
    list(d.findings.excepted ?? [], (f) => `${c.cyan('x')} ${f.control} ${f.resource}  by ${f.ticket} until ${f.expires}`, c),
  );
  for (const r of [...d.resources].sort((x, y) => Number(y.identity) - Number(x.identity))) {
    if (!r.appeared.length && !r.disappeared.length && !r.skippedScopes.length) continue;
    const label = r.identity ? `${r.type} — joiners and leavers` : r.type;
    const lines = [
      ...list(r.appeared, (k) => `${c.green('+')} ${k.key}${c.dim(`  (${k.scope})`)}`, c),
      ...list(r.disappeared, (k) => `${c.red('-')} ${k.key}${c.dim(`  (${k.scope})`)}`, c),
    ];
    if (r.skippedScopes.length) lines.push(c.yellow(`    not compared (not complete in both runs): ${r.skippedScopes.join(', ')}`));
    section(label, lines);
  }
  if (d.types.onlyInOld.length || d.types.onlyInNew.length) {
    section('Evidence types', [...d.types.onlyInNew.map((t) => `    ${c.green('+')} ${t}`), ...d.types.onlyInOld.map((t) => `    ${c.red('-')} ${t}`)]);
  }
  const exc = (e: BundleDiff['exceptions']['added'][number]) => `${e.control} ${e.resource}  ${e.ticket} (${e.reason}; ${e.approvedBy}; expires ${e.expires})`;
  section('Exceptions added', list(d.exceptions.added, exc, c));
  section('Exceptions removed', list(d.exceptions.removed, exc, c));
  section('Exceptions expired', list(d.exceptions.expired, exc, c));
  if (out.length === 1) out.push(c.dim('  no changes'));
  return out.join('\n');
}
