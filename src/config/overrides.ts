import { compileParams, ParamsError } from './params.js';
import type { LoadedConfig } from './config.js';
import { inputError } from './config.js';
import type { Control, ControlMap } from './control-map.js';
import { closest, escapePointer, type Problem } from '../util/problems.js';

/** `overrides.<CONTROL-ID>` in soc2.config.yaml. */
export interface ControlOverride {
  owner?: string;
  enabled?: boolean;
  /** Per check id of the control: parameters merged over the control map's. */
  params?: Record<string, Record<string, unknown>>;
}

/**
 * Applies the config's per-control overrides to a loaded control map: owners, parameters (merged over the
 * map's, then validated against the check's schema) and `enabled: false`. Every problem — an unknown control,
 * a check the control does not have, parameters the check refuses — is reported at once with its place in the
 * config (InputError, exit 2). Each changed control lists what was overridden (`overridden`), and disabled
 * controls are kept aside (`disabled`) so results can say they were left out on purpose.
 */
export function applyOverrides(map: ControlMap, loaded: LoadedConfig): ControlMap {
  const overrides = (loaded.config as { overrides?: Record<string, ControlOverride> }).overrides ?? {};
  const entries = Object.entries(overrides);
  if (!entries.length) return map;
  const byId = new Map(map.controls.map((c) => [c.id, c]));
  const problems: Problem[] = [];
  const changed = new Map<string, Control>();
  const disabled: NonNullable<ControlMap['disabled']> = [...(map.disabled ?? [])];
  for (const [id, o] of entries) {
    const at = `/overrides/${escapePointer(id)}`;
    const control = byId.get(id);
    if (!control) {
      const near = closest(id, [...byId.keys()]);
      problems.push(loaded.file.problem(at, `unknown control ${id}`, near ? `did you mean '${near}'?` : '`soc2 controls` lists the ids', true));
      continue;
    }
    const next: Control = { ...control, checks: [...control.checks], overridden: [...(control.overridden ?? [])] };
    if (o.owner !== undefined) {
      next.owner = o.owner;
      next.overridden!.push('owner');
    }
    for (const [checkId, params] of Object.entries(o.params ?? {})) {
      const p = `${at}/params/${escapePointer(checkId)}`;
      const i = next.checks.findIndex((b) => b.id === checkId);
      if (i < 0) {
        problems.push(
          loaded.file.problem(p, `control ${id} has no check ${checkId}`, `its checks: ${control.checks.map((b) => b.id).join(', ') || 'none'}`, true),
        );
        continue;
      }
      const bound = next.checks[i]!;
      try {
        next.checks[i] = { ...bound, params: compileParams(checkId, bound.check.meta.paramsSchema)({ ...bound.params, ...params }) };
        next.overridden!.push(`params.${checkId}`);
      } catch (err) {
        if (!(err instanceof ParamsError)) throw err;
        for (const pr of err.problems) problems.push(loaded.file.problem(`${p}${pr.pointer}`, `${checkId}: ${pr.message}`));
      }
    }
    if (o.enabled === false) {
      disabled.push({ id, title: control.title, reason: `disabled in ${loaded.path} (overrides.${id}.enabled: false)` });
      changed.set(id, { ...next, overridden: [...next.overridden!, 'enabled'] });
      continue;
    }
    if (next.overridden!.length) changed.set(id, next);
  }
  if (problems.length) throw inputError(loaded.path, problems);
  const off = new Set(disabled.map((d) => d.id));
  return {
    ...map,
    controls: map.controls.filter((c) => !off.has(c.id)).map((c) => changed.get(c.id) ?? c),
    disabled,
  };
}
