import { describe, expect, it } from 'vitest';
import { viewOf } from '../../test/helpers/evidence.js';
import { addPeriod, matchDocuments } from './documents.js';

const asOf = new Date('2026-11-22T12:00:00Z');
const doc = (path: string, controls: string[], approvedOn: string, reviewEvery = '1y') => ({
  path,
  sha256: 'b'.repeat(64),
  bytes: 10,
  copied: true,
  controls,
  owner: 'sec@acme.example',
  approvedBy: 'cto@acme.example',
  approvedOn,
  reviewEvery,
});
const control = {
  id: 'GOV-X-01',
  owner: 'security@example.com',
  evidence: [
    { id: 'policy.fresh', description: 'Fresh policy', freshDays: 365 },
    { id: 'policy.stale', description: 'Stale policy', freshDays: 365 },
    { id: 'policy.missing', description: 'Missing policy' },
  ],
};
const view = viewOf({
  records: {
    'documents.file': {
      documents: [doc('a.md', ['policy.fresh'], '2026-02-01'), doc('b.md', ['policy.stale'], '2025-06-15'), doc('old-a.md', ['policy.fresh'], '2024-01-01')],
    },
  },
});

describe('document evidence matching', () => {
  it('passes fresh, fails stale with the day it lapsed, and leaves missing to a person', () => {
    const v = matchDocuments(control, view, true, asOf);
    expect(v.statuses).toEqual(['pass', 'fail', 'manual']);
    expect(v.manual).toEqual([
      { id: 'policy.stale', description: 'Stale policy', state: 'stale', due: '2026-06-15', owner: 'sec@acme.example' },
      { id: 'policy.missing', description: 'Missing policy', state: 'missing', owner: 'security@example.com' },
    ]);
    expect(v.onFile.map((d) => [d.id, d.path, d.due])).toEqual([
      ['policy.fresh', 'a.md', '2027-02-01'],
      ['policy.stale', 'b.md', '2026-06-15'],
    ]);
  });

  it("caps a document's own review period by the requirement, and honours graceDays", () => {
    const quarterly = { id: 'C-01', evidence: [{ id: 'r', description: 'r', cadence: 'quarterly' as const }] };
    const v = viewOf({ records: { 'documents.file': { documents: [doc('r.md', ['C-01'], '2026-07-01', '1y')] } } });
    expect(matchDocuments(quarterly, v, true, asOf).manual[0]).toMatchObject({ state: 'stale', due: '2026-10-01' });
    const graced = { id: 'C-01', evidence: [{ id: 'r', description: 'r', cadence: 'quarterly' as const, graceDays: 60 }] };
    expect(matchDocuments(graced, v, true, asOf).statuses).toEqual(['pass']);
  });

  it('keeps everything manual without the documents source, and is error when it failed', () => {
    expect(matchDocuments(control, view, false, asOf).manual.map((m) => m.state)).toEqual(['missing', 'missing', 'missing']);
    const failed = viewOf({ errors: [{ type: 'documents.file', scope: 'documents', cause: 'invalid-response' }] });
    expect(matchDocuments(control, failed, true, asOf).statuses[0]).toBe('error');
  });

  it('adds calendar periods', () => {
    expect([addPeriod('2026-01-31', '1m'), addPeriod('2026-02-01', '365d'), addPeriod('2026-02-01', '2w'), addPeriod('2024-02-29', '1y')]).toEqual([
      '2026-03-03',
      '2027-02-01',
      '2026-02-15',
      '2025-03-01',
    ]);
  });
});
