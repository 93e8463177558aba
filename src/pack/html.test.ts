import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack } from './pack.js';
import { makeEvidence } from './testing.js';
import { extractZip } from './unzip.js';
import { chromiumTool } from '../../test/helpers/tools.js';

/** CI installs Debian's `chromium` package; without it this rendering test is skipped locally (saying so), failed in CI. */
const chromiumCmd = chromiumTool();

let ev: Awaited<ReturnType<typeof makeEvidence>>;
let dir: string;
beforeAll(async () => {
  ev = await makeEvidence(3);
  const zip = join(ev.root, 'pack.zip');
  await pack({ evidenceDir: ev.evidence, output: zip, toolVersion: '0.0.0-test' });
  dir = join(ev.root, 'unpacked');
  await extractZip(zip, dir);
});
afterAll(async () => {
  await rm(ev.root, { recursive: true, force: true });
});

function chromium(profile: string, ...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const base = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  return spawnSync('chromium', [...base, `--user-data-dir=${profile}`, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf: Buffer): [number, number] {
  expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

describe('index.html in headless Chromium (Debian package `chromium`; CI must install it)', () => {
  it.skipIf(chromiumCmd.skip)('renders offline with the title, the criteria and a row per control; screenshot taken', async () => {
    expect(chromiumCmd.missing, 'chromium (CI=true: a missing tool fails)').toBeUndefined();
    const profile = await mkdtemp(join(tmpdir(), 'soc2-chromium-'));
    try {
      const url = pathToFileURL(join(dir, 'index.html')).href;
      const dom = chromium(profile, '--dump-dom', url);
      expect(dom.status).toBe(0);
      expect(dom.stdout).toContain('<title>SOC 2 evidence pack — Test Org — 2026-01-05 to 2026-01-07</title>');
      const rows = [...dom.stdout.matchAll(/<tr class="control-row" data-control="([^"]+)"/g)].map((m) => m[1]);
      expect(rows).toEqual(['CHG-01', 'DOC-01', 'IAM-01']);
      expect([...dom.stdout.matchAll(/<tr class="criterion-row">/g)]).toHaveLength(4);
      // The Type II day grid of soc2 history is part of the page: one row per control, one cell per day.
      expect(dom.stdout).toContain('<section class="soc2-history">');
      expect(dom.stdout).toMatch(/<tr><th title="[^"]*">IAM-01<\/th>(<td class="c s-[a-z-]+"[^>]*>[^<]*<\/td>){3}<\/tr>/);
      const shot = join(ev.root, 'index.png');
      const r = chromium(profile, `--screenshot=${shot}`, '--window-size=1280,2000', '--hide-scrollbars', url);
      expect(r.status).toBe(0);
      expect(existsSync(shot)).toBe(true);
      const png = readFileSync(shot);
      expect(pngSize(png)).toEqual([1280, 2000]);
      // A blank page compresses to a few KB; a rendered page with tables and text does not.
      expect(png.length).toBeGreaterThan(30_000);
      // Set SOC2_SCREENSHOT_DIR to keep the screenshot for a look by eye.
      if (process.env.SOC2_SCREENSHOT_DIR) await copyFile(shot, join(process.env.SOC2_SCREENSHOT_DIR, 'index.png'));
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  });
});
