import { ajvDefaults, describeAjvError, type ValidateFunction } from '../util/ajv.js';

export class ParamsError extends Error {
  constructor(
    readonly checkId: string,
    readonly problems: Array<{ pointer: string; message: string }>,
  ) {
    super(`invalid params for ${checkId}: ${problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}`);
  }
}

const cache = new Map<object, ValidateFunction>();

/** Returns a function that validates a check's params against its schema and fills in defaults (on a copy). */
export function compileParams(checkId: string, schema: Record<string, unknown> | undefined): (params: unknown) => Record<string, unknown> {
  const effective = schema ?? { type: 'object', additionalProperties: false };
  let validate = cache.get(effective);
  if (!validate) {
    validate = ajvDefaults.compile(effective);
    cache.set(effective, validate);
  }
  const v = validate;
  return (params) => {
    const copy = structuredClone(params ?? {}) as Record<string, unknown>;
    if (!v(copy)) {
      throw new ParamsError(
        checkId,
        (v.errors ?? []).map((e) => ({ pointer: e.instancePath, message: describeAjvError(e) })),
      );
    }
    return copy;
  };
}
