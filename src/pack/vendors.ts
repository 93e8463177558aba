import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { recordsPath, type BundleRef } from '../bundle/layout.js';
import { loadRecords } from '../bundle/reader.js';
import type { VendorData } from '../../collectors/vendors/types.js';
import { csvLine } from '../util/csv.js';

/** The vendor register as of the newest bundle that holds one, and its assurance reports as packed. */
export interface PackVendors {
  bundle: string;
  vendors: Array<VendorData & { ref: string }>;
  reports: Array<{ vendor: string; file: string; sha256: string; packPath: string; source: string }>;
}

/** Where the vendors collector copies a report in a bundle (collectors/vendors: attach under `reports/<sha256>`). */
export const reportInBundle = (sha256: string) => `data/raw/vendors/vendors/reports/${sha256}`;

/**
 * Reads the newest bundle's `vendors.vendor` records (bundles oldest first) and finds each assurance report in that
 * bundle. `digests` are the sha256 of the bundle's files as just verified against its manifest: a report whose file
 * is missing or whose digest is not the one the register recorded is a problem, named, never packed.
 */
export function packVendors(
  bundles: BundleRef[],
  digests: (bundle: BundleRef, rel: string) => string | undefined,
): { vendors?: PackVendors; problems: string[] } {
  const b = [...bundles].reverse().find((x) => existsSync(join(x.dir, recordsPath('vendors.vendor'))));
  if (!b) return { problems: [] };
  const problems: string[] = [];
  const vendors = loadRecords(b.dir, 'vendors.vendor').map((r) => ({ ...(r.data as VendorData), ref: r.ref }));
  const reports: PackVendors['reports'] = [];
  const seen = new Set<string>();
  for (const v of vendors) {
    const rep = v.assurance?.report;
    if (!rep) continue;
    const rel = reportInBundle(rep.sha256);
    const digest = digests(b, rel);
    if (digest !== rep.sha256) {
      problems.push(
        `${b.name}/${rel}: the assurance report of ${v.name} (${rep.file}) ${digest ? `has sha256 ${digest}, not the recorded ${rep.sha256}` : 'is not in the bundle'}`,
      );
      continue;
    }
    const packPath = `vendors/reports/${rep.sha256.slice(0, 12)}-${basename(rep.file).replace(/[^\w.-]/g, '_')}`;
    if (seen.has(packPath)) continue;
    seen.add(packPath);
    reports.push({ vendor: v.name, file: rep.file, sha256: rep.sha256, packPath, source: join(b.dir, rel) });
  }
  return { vendors: { bundle: b.name, vendors, reports }, problems };
}

/** `vendors.csv`: one row per vendor of the register, as the newest bundle recorded it. */
export function vendorsCsv(p: PackVendors): string {
  let out = csvLine([
    'vendor',
    'purpose',
    'data categories',
    'criticality',
    'owner',
    'contract date',
    'DPA date',
    'last review',
    'assurance',
    'period end',
    'bridge letter',
    'report file',
    'report sha256',
    'report in pack',
    'subservice',
    'CUECs',
    'CUECs unmapped',
    'bundle',
    'record',
  ]);
  for (const v of p.vendors) {
    const a = v.assurance;
    const packed = a?.report ? p.reports.find((r) => r.sha256 === a.report!.sha256)?.packPath : undefined;
    out += csvLine([
      v.name,
      v.purpose,
      v.dataCategories.join('; '),
      v.criticality,
      v.owner,
      v.contractDate,
      v.dpaDate,
      v.lastReviewDate,
      a?.kind,
      a?.periodEnd,
      a?.bridgeLetterDate,
      a?.report?.file,
      a?.report?.sha256,
      packed,
      v.subservice ? 'yes' : 'no',
      v.cuecs.map((c) => `${c.id} → ${c.control ?? 'unmapped'}`).join('; '),
      v.cuecs.filter((c) => !c.control).length,
      p.bundle,
      v.ref,
    ]);
  }
  return out;
}
