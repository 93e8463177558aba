import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { recordOf } from '../../src/collector-kit.js';
import type { Collector, CollectorEvent } from '../../src/types.js';
import { readDocMeta } from './meta.js';

export interface DocumentsConfig {
  dir: string;
  digestOnlyOverMB?: number;
}

const SCOPE = 'documents';

/** Every evidence file under `dir` (sidecars and dot-files excluded), relative paths with `/`. */
export function listDocuments(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !e.name.endsWith('.meta.yaml')) out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Hashes every document and records its metadata as `documents.file`; copies the file into the bundle
 * under data/raw/documents/ unless it is larger than `digestOnlyOverMB` (then the sha256 alone is kept).
 */
export const documentsCollector: Collector<DocumentsConfig> = {
  meta: {
    id: 'documents',
    source: 'documents',
    title: 'Document evidence (policies, training records, reviews, reports) with owner and approval dates',
    produces: ['documents.file'],
    permissions: ['read access to the documents folder'],
  },
  async *collect(ctx): AsyncIterable<CollectorEvent> {
    // Why: one scope per source; in a sharded collection exactly one shard owns it.
    if (!ctx.shard.owns(SCOPE)) return;
    yield { kind: 'plan', type: 'documents.file', scope: SCOPE };
    const limit = (ctx.config.digestOnlyOverMB ?? 25) * 1024 * 1024;
    const fetchedAt = new Date().toISOString();
    for (const rel of listDocuments(ctx.config.dir)) {
      const full = join(ctx.config.dir, rel);
      const { meta, problems } = readDocMeta(full, rel);
      if (!meta) {
        yield {
          kind: 'error',
          type: 'documents.file',
          scope: SCOPE,
          cause: 'invalid-response',
          operation: `read ${rel}`,
          message: `${rel}:${problems[0]?.line}: ${problems[0]?.message}`,
        };
        return;
      }
      const size = statSync(full).size;
      const bytes = readFileSync(full);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const copied = size <= limit && ctx.attach !== undefined;
      if (copied) await ctx.attach!(SCOPE, rel, bytes);
      ctx.stats.page('read document');
      yield recordOf(
        'documents.file',
        SCOPE,
        { operation: `read ${rel}`, fetchedAt, sourceTime: statSync(full).mtime.toISOString() },
        { path: rel, sha256, bytes: size, copied, ...meta, approvedBy: meta.approvedBy ?? null, title: meta.title ?? null },
      );
    }
    yield { kind: 'done', type: 'documents.file', scope: SCOPE };
  },
};

export function validateDocuments(dir: string, shownDir: string) {
  return listDocuments(dir).flatMap((rel) => readDocMeta(join(dir, rel), `${shownDir}/${rel}`).problems);
}
