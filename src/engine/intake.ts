import type { CollectorEvent, CollectorOutput } from '../types.js';
import { describeAjvError, type ValidateFunction } from '../util/ajv.js';

/** Where a collector's events go: the records files, and whatever follows the scopes' states. */
export interface IntakeSink {
  /** The types the collector declares (`meta.produces`): only these are written. */
  produces: readonly string[];
  validator(type: string): ValidateFunction | undefined;
  records: { append(type: string, line: unknown): unknown; backpressure(): Promise<void> | undefined };
  /** Every event that counts, records included; a record that fails its schema arrives as an `error` instead. */
  take(ev: CollectorEvent): void;
}

/**
 * Takes a collector's events in: each record is checked against its type's schema and appended to its records file,
 * waiting while the files are backed up; every event is handed to `take`. The engine runs this for in-process
 * collectors, and a collector's own thread runs it for the types only that collector produces (thread.ts).
 */
export async function intake(events: AsyncIterable<CollectorOutput>, sink: IntakeSink): Promise<void> {
  for await (const out of events) {
    if (!isBatch(out)) {
      const full = takeOne(out, sink);
      if (full) await full;
      continue;
    }
    for (const ev of out) {
      const full = takeOne(ev, sink);
      if (full) await full;
    }
  }
}

function isBatch(out: CollectorOutput): out is readonly CollectorEvent[] {
  return Array.isArray(out);
}

/** One event in; returns the wait when the records files are backed up. */
function takeOne(ev: CollectorEvent, sink: IntakeSink): Promise<void> | undefined {
  // Why: which thread writes a records file follows from the declared types (thread.ts); an undeclared type could
  // interleave two writers in one file. Its scope becomes an error, so nothing is judged on it.
  if (!sink.produces.includes(ev.type)) {
    const operation = ev.kind === 'record' ? ev.source.operation : ev.kind === 'error' ? ev.operation : 'collect';
    sink.take({
      kind: 'error',
      type: ev.type,
      scope: ev.scope,
      cause: 'internal',
      operation,
      message: `the collector does not declare ${ev.type} in meta.produces`,
    });
    return undefined;
  }
  if (ev.kind !== 'record') {
    sink.take(ev);
    return undefined;
  }
  const validate = sink.validator(ev.type);
  if (validate && !validate(ev.data)) {
    const why = (validate.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || '/'} ${describeAjvError(e)}`)
      .join('; ');
    sink.take({
      kind: 'error',
      type: ev.type,
      scope: ev.scope,
      cause: 'invalid-response',
      operation: ev.source.operation,
      message: `record does not match schemas/evidence/${ev.type}.schema.json: ${why}`,
    });
    return undefined;
  }
  sink.records.append(ev.type, { scope: ev.scope, source: ev.source, data: ev.data });
  sink.take(ev);
  return sink.records.backpressure();
}
