import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { packagePath } from '../util/paths.js';

export interface Criterion {
  id: string;
  category: 'security' | 'availability' | 'confidentiality' | 'processing-integrity' | 'privacy';
  group: string;
  title: string;
  automation: 'automatable' | 'partial' | 'manual';
}

let cached: Criterion[] | undefined;

/** The 61 criteria of the 2017 Trust Services Criteria (titles paraphrased), from controls/criteria. */
export function loadCriteria(): Criterion[] {
  cached ??= parse(readFileSync(packagePath('controls', 'criteria', 'tsc-2017.yaml'), 'utf8')) as Criterion[];
  return cached;
}

/** Criteria in scope for the configured categories (security is always in). */
export function criteriaInScope(categories: string[]): Criterion[] {
  const cats = new Set(['security', ...categories]);
  return loadCriteria().filter((c) => cats.has(c.category));
}
