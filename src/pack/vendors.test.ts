import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticBundle } from '../../test/helpers/bundles.js';
import type { CollectorEvent } from '../types.js';
import { pack, PackVerifyError } from './pack.js';
import { extractZip } from './unzip.js';
import { verifyPath } from './verify.js';

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

const REPORT = Buffer.from('%PDF-1.4 AWS SOC 2 Type II report, period ended 2026-06-30');
const SHA = createHash('sha256').update(REPORT).digest('hex');
const vendor = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  purpose: `what ${name} does`,
  dataCategories: ['customer data'],
  criticality: 'critical',
  owner: 'cto@acme.example',
  contractDate: null,
  dpaDate: null,
  lastReviewDate: '2026-08-15',
  assurance: null,
  subservice: false,
  cuecs: [],
  domains: [],
  accountIds: [],
  aliases: [],
  mapped: [],
  line: 2,
  ...over,
});
const aws = (sha256 = SHA) =>
  vendor('Amazon Web Services', {
    subservice: true,
    assurance: { kind: 'soc2-type2', periodEnd: '2026-06-30', bridgeLetterDate: null, report: { file: 'vendors/aws soc2.pdf', sha256, bytes: REPORT.length } },
    cuecs: [
      { id: 'AWS-CUEC-1', text: 'protect root', control: 'IAM-01' },
      { id: 'AWS-CUEC-2', text: 'log', control: null },
    ],
  });

/** Two daily bundles; the newest holds `vendors` (and the report file under data/raw/vendors/vendors/reports/). */
async function evidence(
  vendors: object[] | undefined,
  files: Record<string, Buffer> = { [`raw/vendors/vendors/reports/${SHA}`]: REPORT },
): Promise<{ root: string; evidence: string }> {
  const root = await mkdtemp(join(tmpdir(), 'soc2-pack-vendors-'));
  roots.push(root);
  const dir = join(root, 'evidence');
  for (let d = 0; d < 2; d++) {
    const asOf = new Date(Date.UTC(2026, 10, 20 + d, 12));
    const source = { operation: 'read vendors.yaml', fetchedAt: asOf.toISOString() };
    // The older bundle has an outdated register: the pack must show the newest.
    const list = vendors && d === 0 ? [vendor('Old Vendor')] : vendors;
    const events: CollectorEvent[] = list
      ? [
          { kind: 'plan', type: 'vendors.vendor', scope: 'vendors' },
          ...list.map((data): CollectorEvent => ({ kind: 'record', type: 'vendors.vendor', scope: 'vendors', source, data })),
          { kind: 'done', type: 'vendors.vendor', scope: 'vendors' },
        ]
      : [];
    await writeSyntheticBundle(dir, asOf, [{ id: 'VEND-03', status: 'pass', criteria: ['CC9.2'] }], events, { files: d === 1 && list ? files : {} });
  }
  return { root, evidence: dir };
}

describe('pack: vendors', () => {
  it('carries vendors.csv from the newest bundle, each assurance report by digest, and a vendor section in index.html', async () => {
    const ev = await evidence([aws(), vendor('Zendesk', { criticality: 'high', lastReviewDate: null })]);
    const zip = join(ev.root, 'pack.zip');
    await pack({ evidenceDir: ev.evidence, output: zip, toolVersion: '0.0.0-test' });
    const out = join(ev.root, 'unpacked');
    expect(await extractZip(zip, out)).toEqual([]);
    const csv = readFileSync(join(out, 'vendors.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^vendor,purpose,data categories,criticality,owner,/);
    expect(csv.slice(1, -1).map((l) => l.split(',')[0])).toEqual(['Amazon Web Services', 'Zendesk']);
    const packed = `vendors/reports/${SHA.slice(0, 12)}-aws_soc2.pdf`;
    expect(csv[1]).toContain(`${SHA},${packed},yes,AWS-CUEC-1 → IAM-01; AWS-CUEC-2 → unmapped,1,`);
    expect(readFileSync(join(out, packed)).equals(REPORT)).toBe(true);
    expect(readFileSync(join(out, 'SHA256SUMS'), 'utf8')).toContain(`${SHA}  ${packed}\n`);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<h2 id="vendors">Vendors and subservice organisations</h2>');
    expect(html).toContain(`<a href="${packed.replace(/ /g, '%20')}">vendors/aws soc2.pdf</a>`);
    expect(html).toContain('1/2 mapped; unmapped: AWS-CUEC-2');
    expect(html).not.toContain('Old Vendor');
    const report = await verifyPath(zip);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  }, 30_000);

  it('refuses to pack a report whose file is not the one the register recorded', async () => {
    const ev = await evidence([aws('f'.repeat(64))]);
    await expect(pack({ evidenceDir: ev.evidence, output: join(ev.root, 'p.zip'), toolVersion: '0.0.0-test' })).rejects.toThrow(PackVerifyError);
    await expect(pack({ evidenceDir: ev.evidence, output: join(ev.root, 'p.zip'), toolVersion: '0.0.0-test' })).rejects.toMatchObject({
      details: [expect.stringContaining('the assurance report of Amazon Web Services (vendors/aws soc2.pdf) is not in the bundle')],
    });
    expect(existsSync(join(ev.root, 'p.zip'))).toBe(false);
  }, 30_000);

  it('adds nothing about vendors when no bundle has a register', async () => {
    const ev = await evidence(undefined);
    const zip = join(ev.root, 'pack.zip');
    await pack({ evidenceDir: ev.evidence, output: zip, toolVersion: '0.0.0-test' });
    const out = join(ev.root, 'unpacked');
    await extractZip(zip, out);
    expect(existsSync(join(out, 'vendors.csv'))).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('id="vendors"');
  }, 30_000);
});
