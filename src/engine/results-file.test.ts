import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewOf } from '../../test/helpers/evidence.js';
import type { Check, StoredRecord } from '../types.js';
import { evaluate, type EvaluateInput } from './evaluate.js';
import { readSlimResults, scoreToFile, slimCheck } from './results-file.js';

const keysInput = (): EvaluateInput => {
  const keys = Array.from({ length: 500 }, (_, i) => ({ arn: `arn:k${i}`, old: i % 100 === 0 }));
  return {
    organization: 'T',
    asOf: new Date('2026-11-22T12:00:00Z'),
    period: { start: '2026-01-01', end: '2026-12-31' },
    categories: ['security'],
    controls: [
      { id: 'C1', title: 'c', criteria: ['CC6.1'], severity: 'high', owner: 'o', checks: [{ id: 't.keys', check, params: {} }], evidence: [], origin: 't' },
      // A check with no findings at all: its empty array is one line in the file.
      {
        id: 'C2',
        title: 'd',
        criteria: ['CC6.1'],
        severity: 'low',
        owner: 'o',
        checks: [{ id: 't.none', check: none, params: {} }],
        evidence: [],
        origin: 't',
      },
    ],
    controlMapDigest: 'x',
    exceptions: [{ control: 'C1', resource: 'arn:k0', reason: 'accepted', approvedBy: 'cto@x', ticket: 'T-1', expires: '2027-01-01' }],
    view: viewOf({ records: { 't.key': { a: keys } } }),
    collectedTypes: new Set(['t.key']),
  };
};

const check: Check = {
  meta: { id: 't.keys', title: 'keys', failureTitle: 'old keys', requires: ['t.key'], remediation: 'rotate' },
  evaluate: (ev) => ({
    findings: (ev.records('t.key') as StoredRecord<{ arn: string; old: boolean }>[]).map((r) => ({
      status: r.data.old ? 'fail' : 'pass',
      resource: r.data.arn,
      reason: 'x',
      evidence: r.ref,
    })),
  }),
};

const none: Check = { meta: { id: 't.none', title: 'none', failureTitle: 'none', requires: ['t.key'], remediation: 'r' }, evaluate: () => ({ findings: [] }) };

describe('readSlimResults', () => {
  it('reads a results file as slimCheck leaves it (failing and excepted findings), with the digest of the bytes read', async () => {
    const full = evaluate(keysInput());
    const dir = mkdtempSync(join(tmpdir(), 'soc2-results-'));
    const text = `${JSON.stringify(full, null, 2)}\n`;
    writeFileSync(join(dir, 'results.json'), text);
    const read = await readSlimResults(join(dir, 'results.json'));
    expect(read.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(read.results).toEqual({ ...full, checks: full.checks.map(slimCheck) });
    expect(read.results.checks[0]!.findings).toHaveLength(5);
    const verdicts = await readSlimResults(join(dir, 'results.json'), 'none');
    expect(verdicts.results.checks.map((c) => c.findings)).toEqual([[], []]);
    expect(verdicts.results.controls).toEqual(full.controls);
    // Another layout (one line) is parsed whole, to the same result.
    writeFileSync(join(dir, 'one-line.json'), JSON.stringify(full));
    expect((await readSlimResults(join(dir, 'one-line.json'))).results).toEqual(full);
    // A truncated file is not read as results.
    writeFileSync(join(dir, 'cut.json'), text.slice(0, text.length / 2));
    await expect(readSlimResults(join(dir, 'cut.json'))).rejects.toThrow();
  });
});

describe('scoreToFile', () => {
  it('writes every finding to the file, exactly as JSON.stringify would, and keeps only failing and excepted ones in memory', async () => {
    // One control: the file must hold all 500 findings of its check.
    const input: EvaluateInput = { ...keysInput(), controls: keysInput().controls.slice(0, 1) };
    const path = join(mkdtempSync(join(tmpdir(), 'soc2-results-')), 'results.json');
    const slim = await scoreToFile(path, (sink) => evaluate({ ...input, onCheck: sink }));
    const full = evaluate({ ...input, view: keysInput().view });
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(full, null, 2)}\n`);
    expect(slim).toEqual({ ...full, checks: full.checks.map(slimCheck) });
    expect(slim.checks[0]!.findings).toHaveLength(5);
    expect(slim.checks[0]!.findings.filter((f) => f.excepted)).toHaveLength(1);
    expect(full.checks[0]!.findings).toHaveLength(500);
  });
});
