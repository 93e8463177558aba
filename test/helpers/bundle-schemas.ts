import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeAjv, type ValidateFunction } from '../../src/util/ajv.js';
import { packagePath } from '../../src/util/paths.js';

let validators: { run: ValidateFunction; results: ValidateFunction } | undefined;

function compiled(): { run: ValidateFunction; results: ValidateFunction } {
  if (validators) return validators;
  const ajv = makeAjv();
  const load = (name: string) => ajv.compile(JSON.parse(readFileSync(packagePath('schemas', `${name}.schema.json`), 'utf8')) as object);
  return (validators = { run: load('run'), results: load('results') });
}

/** Problems of a parsed `run.json` or `results.json` against `schemas/<which>.schema.json` (empty when valid). */
export function bundleJsonProblems(which: 'run' | 'results', value: unknown): string[] {
  const validate = compiled()[which];
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${which}.json ${e.instancePath || '/'}: ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : ''}`,
  );
}

/**
 * Throws unless a sealed bundle's `data/run.json` and `data/results.json` match `schemas/run.schema.json` and
 * `schemas/results.schema.json`. The helpers that seal bundles for tests call it, so every bundle a test seals is checked.
 */
export function assertBundleSchemas(bundleDir: string): void {
  const problems = (['run', 'results'] as const).flatMap((which) =>
    bundleJsonProblems(which, JSON.parse(readFileSync(join(bundleDir, 'data', `${which}.json`), 'utf8'))),
  );
  if (problems.length) throw new Error(`bundle ${bundleDir} does not match its schemas:\n${problems.slice(0, 20).join('\n')}`);
}
