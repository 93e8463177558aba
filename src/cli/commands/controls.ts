import type { Command } from 'commander';
import { criteriaInScope } from '../../engine/criteria.js';
import { action } from '../action.js';
import { clip, fitTable, table, terminalWidth } from '../../util/table.js';
import { setup } from '../setup.js';
import { manualDue } from '../manual-due.js';
import { ownersSection } from '../owners.js';
import { latestResults } from '../../history/owners.js';

export function register(program: Command): void {
  program
    .command('controls')
    .description('list the control map: each control with its criteria, checks, owner and manual evidence')
    .option('--demo', 'use the demo configuration')
    .option('--manual', 'only the document evidence a person must still supply')
    .action(
      action(async (out, opts, flags: { demo?: boolean; manual?: boolean }) => {
        const { controlMap, evidenceDir, loaded } = await setup(opts, { demo: flags.demo });
        const list = controlMap.controls.map((c) => ({
          id: c.id,
          title: c.title,
          criteria: c.criteria,
          severity: c.severity,
          owner: c.owner ?? null,
          checks: c.checks.map((b) => ({ id: b.id, params: b.params })),
          evidence: c.evidence,
          origin: c.origin,
          ...(c.overridden?.length ? { overridden: c.overridden } : {}),
        }));
        const shown = flags.manual ? list.filter((c) => c.evidence.length > 0) : list;
        if (flags.manual) {
          // Owners and due dates come from the latest bundle's document matching, when there is a bundle.
          const due = await manualDue(shown, evidenceDir);
          if (opts.json) return void out.json(due);
          const todo = due.items.filter((i) => i.state !== 'on file');
          out.stdout(
            table(
              ['CONTROL', 'EVIDENCE', 'STATE', 'DUE', 'OWNER', 'DESCRIPTION'],
              todo.map((i) => [i.control, i.evidence, i.state, i.due, i.owner, clip(i.description, 50)]),
            ),
          );
          out.info(
            due.bundle
              ? `${todo.length} of ${due.items.length} evidence items to supply (as of bundle ${due.bundle})`
              : `${due.items.length} evidence items; no bundle yet, so nothing is matched to documents`,
          );
          return;
        }
        const disabled = controlMap.disabled ?? [];
        if (opts.json) return void out.json(disabled.length ? [...shown, ...disabled.map((d) => ({ ...d, disabled: true }))] : shown);
        // `*` marks what the config's overrides changed (owner, parameters).
        const mark = (c: (typeof shown)[number], what: string) => (c.overridden?.some((o) => o === what || o.startsWith(`${what}.`)) ? '*' : '');
        const rows = shown.map((c) => [
          c.id,
          c.title,
          c.criteria.join(','),
          `${c.checks.length + c.evidence.length}${mark(c, 'params')}`,
          `${c.owner ?? '-'}${mark(c, 'owner')}`,
        ]);
        out.stdout(
          fitTable(['CONTROL', 'TITLE', 'CRITERIA', 'CHECKS', 'OWNER'], rows, {
            width: terminalWidth(process.stdout, 120),
            flex: [
              { col: 2, min: 16 },
              { col: 4, min: 20 },
              { col: 1, min: 24 },
              { col: 2, min: 8 },
              { col: 4, min: 12 },
              { col: 1, min: 12 },
            ],
          }),
        );
        const overridden = shown.filter((c) => c.overridden?.length).length;
        if (overridden) out.stdout(`* set by overrides in ${loaded.path} (${overridden} control${overridden === 1 ? '' : 's'})`);
        if (disabled.length) out.stdout(`disabled by overrides: ${disabled.map((d) => d.id).join(', ')}`);
        out.stdout(`${shown.length} controls from ${controlMap.files.length} file(s)`);
        // Per owner, from the latest sealed bundle: how many of their controls fail, and since when.
        const latest = await latestResults(evidenceDir);
        if (latest) {
          const status = new Map(latest.controls.map((c) => [c.id, c.status]));
          const owners = await ownersSection(
            out,
            shown.map((c) => ({ id: c.id, owner: c.owner, status: status.get(c.id) ?? 'not-assessed' })),
            evidenceDir,
            latest.asOf.slice(0, 10),
            terminalWidth(process.stdout, 80),
          );
          if (owners) out.stdout(`\n${owners}`);
        }
      }),
    );

  program
    .command('criteria')
    .description('coverage of the Trust Services Criteria in scope: automated, manual or uncovered')
    .option('--demo', 'use the demo configuration')
    .action(
      action(async (out, opts, flags: { demo?: boolean }) => {
        const { loaded, controlMap } = await setup(opts, { demo: flags.demo });
        const rows = criteriaInScope(loaded.config.scope.categories).map((c) => {
          const mapped = controlMap.controls.filter((k) => k.criteria.includes(c.id));
          const coverage = mapped.length === 0 ? 'uncovered' : mapped.some((k) => k.checks.length > 0) ? 'automated' : 'manual';
          return { id: c.id, category: c.category, title: c.title, coverage, controls: mapped.map((k) => k.id) };
        });
        if (opts.json) return void out.json(rows);
        const colour = (s: string) => (s === 'automated' ? out.c.green(s) : s === 'manual' ? out.c.yellow(s) : out.c.dim(s));
        out.stdout(
          fitTable(
            ['CRITERION', 'TITLE', 'COVERAGE', 'CONTROLS'],
            rows.map((r) => [r.id, r.title, colour(r.coverage), r.controls.join(', ')]),
            {
              width: terminalWidth(process.stdout, 120),
              flex: [
                { col: 3, min: 20 },
                { col: 1, min: 24 },
                { col: 3, min: 10 },
              ],
            },
          ),
        );
        const count = (k: string) => rows.filter((r) => r.coverage === k).length;
        out.stdout(
          `${rows.length} criteria in scope (${loaded.config.scope.categories.join(', ')}): ${count('automated')} automated, ${count('manual')} manual, ${count('uncovered')} uncovered`,
        );
      }),
    );
}
