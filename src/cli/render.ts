import type { Results } from '../engine/results.js';
import type { Status } from '../types.js';
import { EXIT, type ExitCode } from '../util/exit.js';
import type { Output } from './output.js';
import { clip, fitTable, stripAnsi, terminalWidth, wrap } from '../util/table.js';

/** The gap table, fitted into `width` columns: one row per control, then the criteria in scope with their status. */
export function renderGapTable(out: Output, r: Results, width = terminalWidth()): string {
  const rows = r.controls.map((c) => [
    c.id,
    c.title,
    c.criteria.join(','),
    out.status(c.status),
    c.failing ? out.c.red(String(c.failing)) : c.excepted ? out.c.cyan(`0 (+${c.excepted} exc)`) : '0',
    c.owner ?? (c.ownerMissing ? out.c.red('no owner') : '-'),
  ]);
  // Why this order: an id and a status are never clipped; owners and criteria give up width before the title does,
  // which keeps enough words to be recognised (criteria are listed again below).
  const flex = [
    { col: 5, min: 16 },
    { col: 2, min: 12 },
    { col: 1, min: 24 },
    { col: 5, min: 10 },
    { col: 2, min: 8 },
    { col: 1, min: 12 },
  ];
  const lines = [fitTable(['CONTROL', 'TITLE', 'CRITERIA', 'STATUS', 'FAILING', 'OWNER'], rows, { width, flex })];
  lines.push('', out.c.bold('Criteria in scope'));
  const cells = r.criteria.map((c) => `${c.id.padEnd(6)} ${out.status(c.status)}`);
  const perLine = Math.max(1, Math.floor((width - 2) / 17));
  for (let i = 0; i < cells.length; i += perLine)
    lines.push(
      `  ${cells
        .slice(i, i + perLine)
        .map((s) => padAnsi(s, 17))
        .join('')
        .trimEnd()}`,
    );
  return lines.join('\n');
}

/** The one-line count of control statuses; printed last, after the gaps. */
export function renderSummary(out: Output, r: Results, width = terminalWidth()): string {
  const s = r.summary;
  const head = `${s.controls} controls: ${out.c.green(`${s.pass} pass`)}, ${out.c.red(`${s.fail} fail`)}, ${out.c.magenta(`${s.error} error`)}, ${out.c.yellow(`${s.manual} manual`)}, ${s['not-applicable']} n/a`;
  const tail = s.skipped ? `${s.skipped} not assessed (source not configured or disabled)` : '';
  if (!tail) return head;
  return stripAnsi(`${head}; ${tail}`).length <= width ? `${head}; ${tail}` : `${head};\n  ${tail}`;
}

/** What to do next, in one short line, from the run's outcome. */
export function renderNext(out: Output, r: Results): string {
  const s = r.summary;
  const text = s.error
    ? 'next: soc2 doctor (what could not be collected), then soc2 history, soc2 pack'
    : s.fail || s.manual
      ? 'next: soc2 history (how long gaps are open), soc2 pack (for the auditor)'
      : 'next: soc2 history (the trend), soc2 pack (for the auditor)';
  return out.c.dim(text);
}

/**
 * The findings behind each failing control, briefly, then what could not be collected, grouped by cause: one
 * credential or network problem shows once with the controls it affects, not once under every control.
 */
export function renderGaps(out: Output, r: Results, max = 5, width = terminalWidth()): string {
  const lines: string[] = [];
  const groups = new Map<string, { cause: string; operation: string; message: string; scopes: Set<string>; controls: Set<string> }>();
  for (const c of r.checks) {
    for (const e of c.status === 'fail' || c.status === 'error' ? c.errors : []) {
      const key = `${e.cause}\u0000${e.operation}\u0000${e.message}`;
      const g = groups.get(key) ?? { cause: e.cause, operation: e.operation, message: e.message, scopes: new Set<string>(), controls: new Set<string>() };
      g.scopes.add(e.scope);
      g.controls.add(c.control);
      groups.set(key, g);
    }
    if (c.status !== 'fail') continue;
    lines.push(clipAnsi(`${out.status(c.status)} ${c.control} ${out.c.dim(c.check)} ${c.title}`, width));
    const fails = c.findings.filter((f) => f.status === 'fail');
    for (const f of fails.slice(0, max)) lines.push(...wrapAtMost(`    ${f.resource}: ${f.reason}`, width, '      ', 3));
    if (fails.length > max) lines.push(out.c.dim(`    … and ${fails.length - max} more (see the bundle's report.md)`));
  }
  // Why also by message across scopes: the same denial in 20 accounts is one problem with 20 places.
  const merged = new Map<string, { cause: string; operation: string; messages: Set<string>; scopes: Set<string>; controls: Set<string> }>();
  for (const g of groups.values()) {
    const key = `${g.cause}\u0000${g.operation}\u0000${[...g.controls].sort().join(',')}`;
    const m = merged.get(key) ?? { cause: g.cause, operation: g.operation, messages: new Set<string>(), scopes: new Set<string>(), controls: g.controls };
    m.messages.add(g.message);
    for (const x of g.scopes) m.scopes.add(x);
    merged.set(key, m);
  }
  if (merged.size) {
    const controls = new Set([...merged.values()].flatMap((m) => [...m.controls]));
    if (lines.length) lines.push('');
    lines.push(
      `${out.c.magenta('could not collect')}: ${merged.size} cause${merged.size === 1 ? '' : 's'}, ${controls.size} control${controls.size === 1 ? '' : 's'} in error`,
    );
    for (const m of [...merged.values()].sort((a, b) => b.controls.size - a.controls.size)) {
      const message = [...m.messages][0]!;
      lines.push(
        ...wrap(
          `  ${m.cause} at ${m.operation}: ${clip(message, 3 * width)}${m.messages.size > 1 ? ` (and ${m.messages.size - 1} similar)` : ''}`,
          width,
          '    ',
        ),
      );
      lines.push(...wrap(`    in ${list([...m.scopes].sort(), 4)}; controls ${list([...m.controls].sort(), 8)}`, width, '      ').map((l) => out.c.dim(l)));
    }
  }
  return lines.join('\n');
}

/** Wrapped to `width`, at most `lines` lines (the last one clipped when there is more). */
function wrapAtMost(text: string, width: number, indent: string, lines: number): string[] {
  const all = wrap(text, width, indent).map((l) => clip(l, width));
  if (all.length <= lines) return all;
  return [
    ...all.slice(0, lines - 1),
    clip(
      `${all[lines - 1]} ${all
        .slice(lines)
        .map((l) => l.trim())
        .join(' ')}`,
      width,
    ),
  ];
}

function list(items: string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} (+${items.length - max} more)`;
}

function padAnsi(s: string, width: number): string {
  return s + ' '.repeat(Math.max(1, width - stripAnsi(s).length));
}

/** Clips a coloured line: when it is too wide, the colour goes and the text is clipped. */
function clipAnsi(s: string, width: number): string {
  return stripAnsi(s).length <= width ? s : clip(stripAnsi(s), width);
}

/** Exit code from results: error (3) takes precedence over fail (1); --fail-on chooses what counts. */
export function exitFor(r: Results, failOn: 'fail' | 'error' | 'never' = 'fail'): ExitCode {
  if (failOn === 'never') return EXIT.ok;
  const has = (s: Status) => r.controls.some((c) => c.status === s);
  if (has('error')) return EXIT.incomplete;
  if (failOn === 'fail' && has('fail')) return EXIT.gaps;
  return EXIT.ok;
}
