import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordOf } from '../../src/collector-kit.js';
import type { Collector, CollectorEvent } from '../../src/types.js';
import type { RosterConfig } from './collector.js';
import { parseReview } from './review-csv.js';

const SCOPE = 'access-reviews';

/** What `soc2 access-review import` stores beside each signed worksheet: the reviewed bundle's population. */
export interface StoredPopulation {
  bundle: string;
  bundleAsOf: string;
  population: Array<{ key: string; name: string }>;
}

/**
 * Reads the signed access reviews stored by `soc2 access-review import` (`<quarter>-<system>.csv` with its
 * `.population.json`) into `access.review` evidence. A missing folder is a complete, empty enumeration:
 * no review is on file.
 */
export const rosterAccessReviewsCollector: Collector<RosterConfig> = {
  meta: {
    id: 'roster-access-reviews',
    source: 'roster',
    title: 'Signed quarterly access reviews (imported worksheets)',
    produces: ['access.review'],
    permissions: ["read access to the evidence directory's access-reviews folder"],
  },
  async *collect(ctx): AsyncIterable<CollectorEvent> {
    const dir = ctx.config.reviewsDir;
    // Why: one scope per source; in a sharded collection exactly one shard owns it.
    if (!ctx.shard.owns(SCOPE)) return;
    yield { kind: 'plan', type: 'access.review', scope: SCOPE };
    const files =
      dir && existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => /^\d{4}Q[1-4]-(okta|github|aws)\.csv$/.test(f))
            .sort()
        : [];
    const fetchedAt = new Date().toISOString();
    for (const f of files) {
      const bytes = readFileSync(join(dir!, f));
      const review = parseReview(bytes.toString('utf8'), f);
      const popFile = join(dir!, f.replace(/\.csv$/, '.population.json'));
      if (review.problems.length || !existsSync(popFile)) {
        const message = review.problems.length
          ? `${f}:${review.problems[0]!.line}: ${review.problems[0]!.message}`
          : `${f}: its population file is missing; import it again`;
        yield { kind: 'error', type: 'access.review', scope: SCOPE, cause: 'invalid-response', operation: `read ${f}`, message };
        return;
      }
      const pop = JSON.parse(readFileSync(popFile, 'utf8')) as StoredPopulation;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await ctx.raw(SCOPE, f.replace(/\.csv$/, ''), { file: f, sha256, csv: bytes.toString('utf8') });
      ctx.stats.page('read access review');
      yield recordOf(
        'access.review',
        SCOPE,
        { operation: `read ${f}`, fetchedAt, requestId: `sha256:${sha256}` },
        {
          quarter: review.quarter,
          system: review.system,
          bundle: pop.bundle,
          bundleAsOf: pop.bundleAsOf,
          file: f,
          sha256,
          population: pop.population,
          rows: review.rows,
        },
      );
    }
    yield { kind: 'done', type: 'access.review', scope: SCOPE };
  },
};
