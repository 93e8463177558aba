import { basename } from 'node:path';
import { recordOf } from '../../src/collector-kit.js';
import type { Collector, CollectorEvent } from '../../src/types.js';
import { parseMapping } from './mapping.js';
import { parseRoster } from './parse.js';

/** The `sources.roster` section; paths are made absolute against the config file by setup. */
export interface RosterConfig {
  file: string;
  mapping?: string;
  reviewsDir?: string;
}

const SCOPE = 'roster';

/**
 * Reads the HR roster (and the optional mapping file) into `roster.person` and `roster.link` evidence.
 * Setup has validated both already (exit 2 on bad rows); a file that changed in between and no longer
 * parses is an `invalid-response` error, never a partial roster.
 */
export const rosterCollector: Collector<RosterConfig> = {
  meta: {
    id: 'roster',
    source: 'roster',
    title: 'HR roster (people, start and end dates) and explicit account mapping',
    produces: ['roster.person', 'roster.link'],
    permissions: ['read access to the HR export file (and the mapping file)'],
  },
  async *collect(ctx): AsyncIterable<CollectorEvent> {
    const fetchedAt = new Date().toISOString();
    // Why: one scope per source; in a sharded collection exactly one shard owns it.
    if (!ctx.shard.owns(SCOPE)) return;
    yield { kind: 'plan', type: 'roster.person', scope: SCOPE };
    yield { kind: 'plan', type: 'roster.link', scope: SCOPE };
    const roster = parseRoster(ctx.config.file, basename(ctx.config.file));
    if (roster.problems.length) {
      yield {
        kind: 'error',
        type: 'roster.person',
        scope: SCOPE,
        cause: 'invalid-response',
        operation: 'read roster',
        message: `${roster.problems.length} problem(s), first: line ${roster.problems[0]!.line} ${roster.problems[0]!.message}`,
      };
    } else {
      const operation = `read ${basename(ctx.config.file)}`;
      ctx.stats.fact('roster', { file: basename(ctx.config.file), sha256: roster.sha256, people: roster.people.length });
      await ctx.raw(SCOPE, 'roster', { file: basename(ctx.config.file), sha256: roster.sha256, people: roster.people });
      ctx.stats.page(operation);
      for (const p of roster.people) yield recordOf('roster.person', SCOPE, { operation, fetchedAt, requestId: `sha256:${roster.sha256}` }, p);
      yield { kind: 'done', type: 'roster.person', scope: SCOPE };
    }
    if (!ctx.config.mapping) {
      yield { kind: 'done', type: 'roster.link', scope: SCOPE };
      return;
    }
    const mapping = parseMapping(ctx.config.mapping, basename(ctx.config.mapping));
    if (mapping.problems.length) {
      yield { kind: 'error', type: 'roster.link', scope: SCOPE, cause: 'invalid-response', operation: 'read mapping', message: mapping.problems[0]!.message };
      return;
    }
    const operation = `read ${basename(ctx.config.mapping)}`;
    for (const l of mapping.links) yield recordOf('roster.link', SCOPE, { operation, fetchedAt }, l);
    yield { kind: 'done', type: 'roster.link', scope: SCOPE };
  },
};
