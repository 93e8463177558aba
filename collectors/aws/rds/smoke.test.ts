import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCollector } from '../../../test/helpers/collect.js';
import { awsConfig, demoAws, startAws, useBaseCredentials } from '../testing.js';
import { awsRdsCollector } from './index.js';

let restore: () => void;
beforeAll(() => { restore = useBaseCredentials(); });
afterAll(() => restore());

it('smoke', async () => {
  const data = demoAws();
  data.accounts[1]!.rds = { instances: Array.from({ length: 130 }, (_, i) => ({ id: `db-${i}`, tags: { env: 'prod' } })), clusters: [{ id: 'c1' }] };
  const sb = await startAws(data);
  try {
    const run = await runCollector(awsRdsCollector, awsConfig(sb));
    console.log(JSON.stringify(run.errors()), run.records('aws.rds.db-instance').length, JSON.stringify(run.records('aws.rds.db-instance')[0]), JSON.stringify(run.records('aws.rds.db-cluster')), run.pages);
    expect(run.errors()).toEqual([]);
  } finally { await sb.close(); }
});
