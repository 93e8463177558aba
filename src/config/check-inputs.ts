import type { ControlMap } from './control-map.js';
import { inputError } from './config.js';
import type { Problem } from '../util/problems.js';

/**
 * Runs `resolveInputs` of every bound check that has one (e.g. the grant-ticket file of okta.admins.grants-reviewed),
 * with paths relative to the config's folder. All problems are reported at once as an InputError (exit 2).
 */
export function resolveCheckInputs(map: ControlMap, dir: string, configPath: string): ControlMap {
  const problems: Problem[] = [];
  const controls = map.controls.map((c) => {
    if (!c.checks.some((b) => b.check.resolveInputs !== undefined)) return c;
    return {
      ...c,
      checks: c.checks.map((b) => {
        if (!b.check.resolveInputs) return b;
        const out = b.check.resolveInputs(b.params, dir);
        problems.push(...out.problems);
        return { ...b, params: out.params as typeof b.params };
      }),
    };
  });
  if (problems.length) throw inputError(problems.length === 1 ? (problems[0]!.file ?? configPath) : configPath, problems);
  return { ...map, controls };
}
