import { afterAll, beforeAll, expect, it } from 'vitest';
import { awsChecks } from '../../controls/checks/aws/index.js';
import { viewFromEvents } from '../../src/engine/evidence.js';
import { compileParams } from '../../src/config/params.js';
import { scoreCheck } from '../../src/engine/score.js';
import type { CollectorEvent } from '../../src/types.js';
import { runCollector } from '../../test/helpers/collect.js';
import { awsAcmCollector } from './acm/collector.js';
import { awsKmsCollector } from './kms/collector.js';
import { awsLogsCollector } from './logs/collector.js';
import { awsS3Collector } from './s3/collector.js';
import { awsSecretsmanagerCollector } from './secretsmanager/collector.js';
import { awsConfig, demoAws, startAws, TEST_NOW, useBaseCredentials } from './testing.js';

let restore: () => void;
beforeAll(() => {
  restore = useBaseCredentials();
});
afterAll(() => restore());

it('the demo estate gives every data-protection check a passing and a failing resource, with default params', async () => {
  const sb = await startAws(demoAws());
  try {
    const shared = new Map<string, unknown>();
    const events: CollectorEvent[] = [];
    for (const c of [awsS3Collector, awsKmsCollector, awsAcmCollector, awsSecretsmanagerCollector, awsLogsCollector]) {
      const run = await runCollector(c, awsConfig(sb), { shared });
      events.push(...run.events);
    }
    const view = viewFromEvents(events);
    const ids = [
      'aws.s3.account-public-access-block',
      'aws.s3.bucket-not-public',
      'aws.s3.default-encryption',
      'aws.s3.versioning',
      'aws.s3.tls-only',
      'aws.s3.lifecycle-retention',
      'aws.kms.cmk-rotation',
      'aws.acm.cert-expiry',
      'aws.secretsmanager.rotation',
      'aws.logs.retention',
    ];
    const seen = ids.map((id) => {
      const check = awsChecks.find((c) => c.meta.id === id)!;
      const r = scoreCheck(check, view, compileParams(id, check.meta.paramsSchema)({}), TEST_NOW);
      return [id, r.status, r.errors.length, r.findings.some((f) => f.status === 'pass'), r.findings.some((f) => f.status === 'fail')];
    });
    expect(seen).toEqual(ids.map((id) => [id, 'fail', 0, true, true]));
    // Shared discovery: the five collectors open each account once between them.
    expect(sb.log.entries.filter((e) => e.operation === 'sts:AssumeRole')).toHaveLength(2);
  } finally {
    await sb.close();
  }
});
