import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoScenarioWith, runCli, tempDir } from '../helpers/cli.js';

describe('vendors through the CLI', () => {
  it('stops with file:line:col (exit 2) on a bad register entry and a mapping to an unknown vendor, before collecting', async () => {
    const dir = demoScenarioWith([]);
    const reg = join(dir, 'vendors.yaml');
    writeFileSync(reg, readFileSync(reg, 'utf8').replace('criticality: high', 'criticality: hihg'));
    writeFileSync(join(dir, 'vendor-mapping.yaml'), "'okta:Zendesk Support': Zendesk\n'github:quick-deploy': QuickDeploy Inc\n");
    const r = await runCli(['collect', '--demo', '--scenario', dir], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /vendors\.yaml:\d+:18 {2}\/vendors\/3\/criticality {2}must be one of "critical", "high", "medium", "low" {2}\(did you mean 'high'\?\)/,
    );
    expect(r.stderr).toMatch(/vendor-mapping\.yaml:2:\d+ {2}\/github:quick-deploy {2}maps to QuickDeploy Inc, which is not in the vendor register/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('names the row and column of a bad CSV register', async () => {
    const dir = demoScenarioWith([]);
    writeFileSync(
      join(dir, 'vendors.csv'),
      'vendor,purpose,criticality,owner,subservice,lastReviewDate\nZendesk,support,high,support@acme.example,no,10/04/2025\n',
    );
    const cfg = join(dir, 'soc2.config.yaml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('register: vendors.yaml, mapping: vendor-mapping.yaml', 'register: vendors.csv'));
    const r = await runCli(['collect', '--demo', '--scenario', dir], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("vendors.csv:2:6  lastReviewDate  expected a date in the form YYYY-MM-DD, got '10/04/2025'");
  }, 30_000);
});
