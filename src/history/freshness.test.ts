import { describe, expect, it } from 'vitest';
import type { ControlResult } from '../engine/results.js';
import { addDays, dayRange, isDay, spanDays } from './days.js';
import { FreshnessTracker } from './freshness.js';

const control = (manual: ControlResult['manual']): ControlResult => ({
  id: 'GOV-01',
  title: 'Quarterly access review',
  criteria: ['CC6.2'],
  severity: 'high',
  status: manual.length ? 'manual' : 'pass',
  failing: 0,
  excepted: 0,
  checks: [],
  manual,
});

describe('FreshnessTracker', () => {
  it('shows a quarterly review that went stale and was filed late, and one still missing', () => {
    const t = new FreshnessTracker();
    const review = { id: 'access-review', description: 'Quarterly access review sign-off', state: 'stale' as const, due: '2026-04-14' };
    const policy = { id: 'policy', description: 'Approved security policy', state: 'missing' as const };
    t.observe('2026-04-14', control([]));
    t.observe('2026-04-15', control([review]));
    t.observe('2026-04-20', control([review, policy]));
    t.observe('2026-04-25', control([policy]));
    expect(t.finish('2026-04-30')).toEqual([
      {
        control: 'GOV-01',
        item: 'access-review',
        description: review.description,
        state: 'stale',
        due: '2026-04-14',
        firstSeen: '2026-04-15',
        lastSeen: '2026-04-20',
        resolvedOn: '2026-04-25',
        daysLate: 11,
      },
      {
        control: 'GOV-01',
        item: 'policy',
        description: policy.description,
        state: 'missing',
        firstSeen: '2026-04-20',
        lastSeen: '2026-04-25',
        resolvedOn: null,
        daysLate: 10,
      },
    ]);
  });
});

describe('days', () => {
  it('does calendar arithmetic on UTC days', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(spanDays('2026-03-01', '2026-03-01')).toBe(1);
    expect(dayRange('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });
});
