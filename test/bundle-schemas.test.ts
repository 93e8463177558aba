import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticBundle } from './helpers/bundles.js';
import { bundleJsonProblems } from './helpers/bundle-schemas.js';
import { tempDir } from './helpers/cli.js';

const read = (dir: string, which: string) => JSON.parse(readFileSync(join(dir, 'data', `${which}.json`), 'utf8')) as Record<string, any>;

describe('schemas/run.schema.json and schemas/results.schema.json', () => {
  it('accept a sealed bundle and name what a broken one gets wrong', async () => {
    const sealed = await writeSyntheticBundle(tempDir('soc2-schemas-'), new Date('2026-11-22T12:00:00Z'), [
      { id: 'AC-1', status: 'fail', failing: [{ resource: 'arn:aws:iam::111111111111:user/a', reason: 'no MFA' }] },
      { id: 'AC-2', status: 'pass', excepted: [{ resource: 'r', reason: 'accepted', ticket: 'SEC-1', expires: '2027-01-01' }] },
    ]);
    const run = read(sealed.dir, 'run');
    const results = read(sealed.dir, 'results');
    expect(bundleJsonProblems('run', run)).toEqual([]);
    expect(bundleJsonProblems('results', results)).toEqual([]);

    const { asOf: _a, ...noAsOf } = run;
    expect(bundleJsonProblems('run', { ...noAsOf, source: 'prod', extra: 1 })).toEqual([
      "run.json /: must have required property 'asOf'",
      "run.json /: must NOT have additional properties 'extra'",
      'run.json /source: must be equal to one of the allowed values',
    ]);
    results.controls[0].status = 'broken';
    results.checks[0].findings[0].status = 'error';
    expect(bundleJsonProblems('results', results)).toEqual([
      'results.json /controls/0/status: must be equal to one of the allowed values',
      'results.json /checks/0/findings/0/status: must be equal to one of the allowed values',
    ]);
  });
});
