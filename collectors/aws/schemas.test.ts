import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeAjv } from '../../src/util/ajv.js';
import { runCollector } from '../../test/helpers/collect.js';
import { awsCloudtrailCollector } from './cloudtrail.js';
import { awsIamCollector } from './iam.js';
import { awsConfig, demoAws, startAws, useBaseCredentials } from './testing.js';

let restore: () => void;
beforeAll(() => {
  restore = useBaseCredentials();
});
afterAll(() => restore());

it('every record of the demo organisation validates against its evidence schema', async () => {
  const sb = await startAws(demoAws());
  try {
    const ajv = makeAjv();
    for (const c of [awsIamCollector, awsCloudtrailCollector]) {
      const run = await runCollector(c, awsConfig(sb));
      for (const type of c.meta.produces) {
        const validate = ajv.compile(JSON.parse(readFileSync(`schemas/evidence/${type}.schema.json`, 'utf8')));
        const recs = run.records(type);
        expect(recs.length).toBeGreaterThan(0);
        for (const r of recs) expect(validate(JSON.parse(JSON.stringify(r.data))), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
  } finally {
    await sb.close();
  }
});
