import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { readInputFile } from '../util/input-file.js';
import { join } from 'node:path';
import { parseReview } from '../../collectors/roster/review-csv.js';
import type { StoredPopulation } from '../../collectors/roster/reviews.js';
import { quarterOf } from '../../controls/checks/access/lib/quarters.js';
import type { Problem } from '../util/problems.js';
import { formatProblem } from '../util/problems.js';
import { populationOf } from './population.js';

export interface ImportOutcome {
  stored?: string;
  problems: Problem[];
  warnings: string[];
}

/**
 * Validates one signed worksheet against the bundle it was exported from and stores it, with that
 * bundle's population, as `<quarter>-<system>.csv` in `reviewsDir` (the next collect reads it as evidence).
 */
export function importReview(file: string, shown: string, evidenceDir: string, reviewsDir: string, store = true, reviewBundle?: string): ImportOutcome {
  const read = readInputFile(file);
  if ('error' in read) return { problems: [{ file: shown, line: 1, col: 1, pointer: '', message: read.error }], warnings: [] };
  const text = read.bytes.toString('utf8');
  const review = parseReview(text, shown);
  const out: ImportOutcome = { problems: [...review.problems], warnings: [] };
  if (out.problems.length) return out;
  const dir = join(evidenceDir, review.bundle);
  if (!existsSync(dir)) {
    out.problems.push({ file: shown, line: 2, col: 2, pointer: 'bundle', message: `bundle ${review.bundle} is not in ${evidenceDir}` });
    return out;
  }
  const pop = populationOf(dir, review.bundle);
  // A quarter's population is its last bundle, or (none collected in it) the first bundle after it: the one export chose.
  if (quarterOf(pop.bundleAsOf) !== review.quarter && review.bundle !== reviewBundle) {
    out.problems.push({
      file: shown,
      line: 2,
      col: 1,
      pointer: 'quarter',
      message: `bundle ${review.bundle} was collected in ${quarterOf(pop.bundleAsOf)}, not ${review.quarter}`,
      hint: reviewBundle ? `the ${review.quarter} review covers bundle ${reviewBundle}` : undefined,
    });
  }
  const population = pop.accounts.filter((l) => l.account.system === review.system).map((l) => ({ key: l.account.key, name: l.account.name }));
  const keys = new Set(population.map((p) => p.key));
  const lines = text.split(/\r?\n/);
  for (const row of review.rows) {
    if (keys.has(row.key)) continue;
    const line = lines.findIndex((l) => l.includes(row.key)) + 1;
    out.problems.push({
      file: shown,
      line: line || 1,
      col: 6,
      pointer: 'key',
      message: `${row.key} is not an account of bundle ${review.bundle}'s ${review.system} population`,
    });
  }
  const decided = new Set(review.rows.map((r) => r.key));
  const missing = population.filter((p) => !decided.has(p.key));
  if (missing.length)
    out.warnings.push(
      `${shown}: ${missing.length} account(s) of the population have no row (access.review-completed will fail): ${missing
        .slice(0, 5)
        .map((m) => m.name)
        .join(', ')}`,
    );
  if (out.problems.length || !store) return out;
  mkdirSync(reviewsDir, { recursive: true });
  const base = join(reviewsDir, `${review.quarter}-${review.system}`);
  const stored: StoredPopulation = { bundle: review.bundle, bundleAsOf: pop.bundleAsOf, population };
  writeFileSync(`${base}.csv`, text);
  writeFileSync(`${base}.population.json`, `${JSON.stringify(stored, null, 2)}\n`);
  out.stored = `${base}.csv`;
  return out;
}

/**
 * One line per kind of problem (the same column and message, an empty cell apart from any other value found), with how many rows have
 * it and the first few lines: a half-filled sheet of 1,000 rows gives a handful of lines, not 1,000.
 */
export function summarizeProblems(problems: Problem[], firstRows = 5): string[] {
  const kinds = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = `${p.file}\u0000${p.pointer}\u0000${p.message.replace(/, got '.+'$/, ", got 'X'").replace(/^\S+ is not an account of/, 'X is not an account of')}`;
    kinds.set(key, [...(kinds.get(key) ?? []), p]);
  }
  return [...kinds.values()].map((list) => {
    const first = formatProblem(list[0]!);
    if (list.length === 1) return first;
    const lines = list
      .slice(0, firstRows)
      .map((p) => p.line)
      .join(', ');
    return `${first}  — ${list.length} rows like this (lines ${lines}${list.length > firstRows ? ', …' : ''})`;
  });
}
