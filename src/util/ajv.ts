import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;

/** One ajv for the whole program: schemas compile once, defaults are applied, every error is reported. */
export function makeAjv(opts: { useDefaults?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, useDefaults: opts.useDefaults ?? false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

export const ajv = makeAjv();
export const ajvDefaults = makeAjv({ useDefaults: true });

export type { ErrorObject, ValidateFunction };

/** Short English for one ajv error: what was expected. */
export function describeAjvError(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return `missing required property '${(e.params as { missingProperty: string }).missingProperty}'`;
    case 'additionalProperties':
      return `unknown property '${(e.params as { additionalProperty: string }).additionalProperty}'`;
    case 'enum':
      return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `expected ${(e.params as { type: string }).type}`;
    case 'const':
      return `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return e.message ?? e.keyword;
  }
}
