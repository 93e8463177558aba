/**
 * AWS aggregation mode through the whole pipeline (`soc2 collect --demo` in-process: engine, intake schema checks,
 * scoring, sealed bundle): the same demo estate collected directly and through the delegated administrator and the
 * Config aggregator gives the same verdict for every check those collectors feed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { demoScenarioWith, tempDir } from '../helpers/cli.js';
import { collectDemo } from '../helpers/demo-run.js';

const ONLY = ['aws-guardduty', 'aws-inspector', 'aws-network', 'aws-rds', 'aws-dynamodb'];
const CHECKS = [
  'aws.guardduty.enabled',
  'aws.guardduty.findings-triaged',
  'aws.inspector.enabled-and-sla',
  'aws.vpc.flow-logs',
  'aws.ec2.sg-no-public-admin-ports',
  'aws.rds.storage-encrypted',
  'aws.rds.automated-backups',
  'aws.rds.not-public',
  'aws.rds.resilience',
  'aws.dynamodb.pitr',
];

async function run(aggregation: boolean) {
  const dir = demoScenarioWith([]);
  if (aggregation) {
    const file = join(dir, 'soc2.config.yaml');
    const config = parse(readFileSync(file, 'utf8')) as { sources: { aws: Record<string, unknown> } };
    config.sources.aws.aggregation = { config: { aggregatorName: 'org-aggregator', region: 'us-east-1' }, delegatedAdmin: {} };
    writeFileSync(file, stringify(config));
  }
  const out = await collectDemo(dir, tempDir('soc2-agg-evidence-'), '2026-11-22T06:00:00Z', { only: ONLY });
  const byCheck = new Map<string, string>();
  for (const c of out.results.checks) {
    if (!CHECKS.includes(c.check)) continue;
    const findings = c.findings.map((f) => `${f.resource} ${f.status}`).sort();
    byCheck.set(`${c.control} ${c.check}`, JSON.stringify({ status: c.status, findings, errors: c.errors.length }));
  }
  return { byCheck, run: out.run };
}

it('aggregation mode gives every affected check the verdict direct mode gives, through the engine and a sealed bundle', async () => {
  const direct = await run(false);
  const agg = await run(true);
  expect(direct.byCheck.size).toBeGreaterThanOrEqual(CHECKS.length);
  expect([...agg.byCheck]).toEqual([...direct.byCheck]);
  for (const v of direct.byCheck.values()) expect(JSON.parse(v).errors).toBe(0);
  // The aggregator's coverage is in run.json.
  expect(JSON.stringify(agg.run)).toContain('aws.aggregation.config.org-aggregator');
}, 120_000);
