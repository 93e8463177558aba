import { buildSchema, execute, Kind, parse, validate, type DocumentNode, type GraphQLError, type SelectionSetNode, type ValueNode } from 'graphql';
import { GITHUB_SDL } from './graphql-schema.js';
import { rootValue, type GqlContext } from './graphql-model.js';

const schema = buildSchema(GITHUB_SDL);

export interface GqlRequest {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

const prepared = new Map<string, { doc?: DocumentNode; errors?: unknown[] }>();

/** Parses and validates a query (cached by text: batch queries repeat); returns the document or GitHub-style errors. */
export function prepare(body: GqlRequest): { doc?: DocumentNode; errors?: unknown[] } {
  if (!body.query) return { errors: [{ message: 'A query attribute must be specified and must be a string.' }] };
  let hit = prepared.get(body.query);
  if (!hit) {
    hit = parseAndValidate(body.query);
    if (prepared.size > 200) prepared.clear();
    prepared.set(body.query, hit);
  }
  return hit;
}

function parseAndValidate(query: string): { doc?: DocumentNode; errors?: unknown[] } {
  let doc: DocumentNode;
  try {
    doc = parse(query);
  } catch (err) {
    return { errors: [{ message: (err as Error).message, type: 'PARSE_ERROR' }] };
  }
  const errs = validate(schema, doc);
  if (errs.length) return { errors: errs.map((e) => ({ message: e.message, locations: e.locations, type: 'INVALID' })) };
  return { doc };
}

/**
 * GitHub's documented point cost: add up the requests each connection needs (a connection's `first` multiplies
 * the requests of the connections inside it), divide by 100, round, minimum 1.
 */
export function queryCost(doc: DocumentNode, variables: Record<string, unknown> = {}): number {
  let requests = 0;
  const fragments = new Map(doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d.selectionSet]));
  const value = (v: ValueNode): number | undefined => {
    if (v.kind === Kind.INT) return Number(v.value);
    if (v.kind === Kind.VARIABLE) return typeof variables[v.name.value] === 'number' ? (variables[v.name.value] as number) : undefined;
    return undefined;
  };
  const walk = (set: SelectionSetNode | undefined, multiplier: number, depth: number): void => {
    if (!set || depth > 20) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, multiplier, depth + 1);
      else if (sel.kind === Kind.FRAGMENT_SPREAD) walk(fragments.get(sel.name.value), multiplier, depth + 1);
      else {
        const arg = sel.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
        const n = arg ? value(arg.value) : undefined;
        if (n !== undefined) {
          requests += multiplier;
          walk(sel.selectionSet, multiplier * n, depth + 1);
        } else walk(sel.selectionSet, multiplier, depth + 1);
      }
    }
  };
  for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION) walk(d.selectionSet, 1, 0);
  return Math.max(1, Math.round(requests / 100));
}

/** Executes a validated document; errors carry GitHub's top-level `type` and `path`. */
export async function run(doc: DocumentNode, body: GqlRequest, ctx: GqlContext): Promise<{ data?: unknown; errors?: unknown[] }> {
  const result = await execute({
    schema,
    document: doc,
    rootValue: rootValue(ctx),
    contextValue: ctx,
    variableValues: body.variables,
    operationName: body.operationName,
  });
  const out: { data?: unknown; errors?: unknown[] } = { data: result.data ?? null };
  if (result.errors?.length)
    out.errors = result.errors.map((e: GraphQLError) => ({
      type: (e.extensions?.ghType as string | undefined) ?? 'INTERNAL',
      path: e.path,
      locations: e.locations,
      message: e.message,
    }));
  return out;
}
