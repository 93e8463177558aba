import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { recordOf } from '../../src/collector-kit.js';
import type { Collector, CollectorEvent } from '../../src/types.js';
import { readInputFile } from '../../src/util/input-file.js';
import { parseVendorMapping } from './mapping.js';
import { parseRegister, type RegisterEntry } from './register.js';
import type { VendorData } from './types.js';

/** The `sources.vendors` section; paths are made absolute against the config file by setup. */
export interface VendorsConfig {
  register: string;
  mapping?: string;
  /** Set by setup: where assurance report paths are resolved (the documents folder, else the register's). */
  reportsDir?: string;
}

const SCOPE = 'vendors';
export const VENDOR_TYPE = 'vendors.vendor';

/**
 * Reads the vendor register (and the optional mapping file) into one `vendors.vendor` record per vendor, with
 * the sha256 of each assurance report, which is copied into the bundle. Setup has validated both already (exit 2);
 * a file that changed in between and no longer parses, or a report that cannot be read, is `invalid-response`.
 */
export const vendorsCollector: Collector<VendorsConfig> = {
  meta: {
    id: 'vendors',
    source: 'vendors',
    title: 'Vendor register: criticality, reviews, assurance reports, subservice organisations and their CUECs',
    produces: [VENDOR_TYPE],
    permissions: ['read access to the vendor register, the mapping file and the assurance reports'],
  },
  async *collect(ctx): AsyncIterable<CollectorEvent> {
    // Why: one scope per source; in a sharded collection exactly one shard owns it.
    if (!ctx.shard.owns(SCOPE)) return;
    yield { kind: 'plan', type: VENDOR_TYPE, scope: SCOPE };
    const fail = (operation: string, message: string): CollectorEvent => ({
      kind: 'error',
      type: VENDOR_TYPE,
      scope: SCOPE,
      cause: 'invalid-response',
      operation,
      message,
    });
    const file = basename(ctx.config.register);
    const reg = parseRegister(ctx.config.register, file);
    if (reg.problems.length) {
      yield fail(`read ${file}`, `${reg.problems.length} problem(s), first: line ${reg.problems[0]!.line} ${reg.problems[0]!.message}`);
      return;
    }
    const mapping = ctx.config.mapping
      ? parseVendorMapping(
          ctx.config.mapping,
          basename(ctx.config.mapping),
          reg.entries.map((e) => e.vendor),
        )
      : { links: [], problems: [] };
    if (mapping.problems.length) {
      yield fail(`read ${basename(ctx.config.mapping!)}`, mapping.problems[0]!.message);
      return;
    }
    const fetchedAt = new Date().toISOString();
    const operation = `read ${file}`;
    const out: CollectorEvent[] = [];
    const attached = new Set<string>();
    for (const e of reg.entries) {
      let assurance: VendorData['assurance'] = null;
      if (e.assurance) {
        const a = e.assurance;
        let report: { file: string; sha256: string; bytes: number } | null = null;
        if (a.file) {
          const read = readInputFile(join(ctx.config.reportsDir ?? '.', a.file));
          if ('error' in read) {
            yield fail(`read ${a.file}`, `assurance report of ${e.vendor}: ${read.error}`);
            return;
          }
          report = { file: a.file, sha256: createHash('sha256').update(read.bytes).digest('hex'), bytes: read.bytes.length };
          // Why by digest: two vendors may share one report (a parent company's); the bundle keeps it once.
          if (ctx.attach && !attached.has(report.sha256)) await ctx.attach(SCOPE, `reports/${report.sha256}`, read.bytes);
          attached.add(report.sha256);
        }
        assurance = { kind: a.kind, periodEnd: a.periodEnd, bridgeLetterDate: a.bridgeLetterDate ?? null, report };
      }
      const mapped = mapping.links.filter((l) => l.vendor === e.vendor).map((l) => `${l.source}:${l.name}`);
      out.push(recordOf(VENDOR_TYPE, SCOPE, { operation, fetchedAt, requestId: `sha256:${reg.sha256}` }, toData(e, assurance, mapped)));
    }
    ctx.stats.fact('vendors', { file, sha256: reg.sha256, vendors: reg.entries.length });
    ctx.stats.page(operation);
    yield* out;
    yield { kind: 'done', type: VENDOR_TYPE, scope: SCOPE };
  },
};

function toData(e: RegisterEntry, assurance: VendorData['assurance'], mapped: string[]): VendorData {
  return {
    name: e.vendor,
    purpose: e.purpose,
    dataCategories: e.dataCategories,
    criticality: e.criticality,
    owner: e.owner,
    contractDate: e.contractDate ?? null,
    dpaDate: e.dpaDate ?? null,
    lastReviewDate: e.lastReviewDate ?? null,
    assurance,
    subservice: e.subservice,
    cuecs: e.cuecs.map((c) => ({ id: c.id, text: c.text, control: c.control ?? null })),
    domains: e.domains,
    accountIds: e.accountIds,
    aliases: e.aliases,
    mapped,
    line: e.line,
  };
}
