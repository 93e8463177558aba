import { existsSync, readFileSync } from 'node:fs';
import { builtinCollectors, builtinSources } from '../../collectors/index.js';
import { builtinChecks } from '../../controls/checks/index.js';
import type { Check, Collector } from '../types.js';
import { ajv, type ValidateFunction } from '../util/ajv.js';
import { packagePath } from '../util/paths.js';

/** Everything a run can use: built-in modules (and, later, plugins). */
export interface Registry {
  collectors: Collector<any>[];
  checks: Map<string, Check>;
  sources: Record<string, Record<string, unknown>>;
  /** Validator of an evidence type's records, when the type has a schema. */
  evidenceValidator(type: string): ValidateFunction | undefined;
}

const validators = new Map<string, ValidateFunction | undefined>();

export function builtinRegistry(): Registry {
  return {
    collectors: builtinCollectors,
    checks: new Map(builtinChecks.map((c) => [c.meta.id, c])),
    sources: builtinSources,
    evidenceValidator: builtinEvidenceValidator,
  };
}

function builtinEvidenceValidator(type: string): ValidateFunction | undefined {
  if (!validators.has(type)) {
    const p = packagePath('schemas', 'evidence', `${type}.schema.json`);
    validators.set(type, existsSync(p) ? ajv.compile(JSON.parse(readFileSync(p, 'utf8'))) : undefined);
  }
  return validators.get(type);
}
