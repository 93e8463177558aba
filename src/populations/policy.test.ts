import { describe, expect, it } from 'vitest';
import { clip, holesIn, readInterval, union } from './policy.js';

const i = (from: string, to: string) => ({ from: `2026-${from}:00.000Z`, to: `2026-${to}:00.000Z` });

describe('population intervals', () => {
  it('joins touching and overlapping intervals, and finds the holes they leave in a window', () => {
    expect(union([i('03-02T00:00', '03-03T00:00'), i('03-01T00:00', '03-02T00:00'), i('03-02T12:00', '03-04T00:00')])).toEqual([
      i('03-01T00:00', '03-04T00:00'),
    ]);
    const w = i('03-01T00:00', '03-10T00:00');
    expect(holesIn(w, [i('03-01T00:00', '03-03T00:00'), i('03-05T00:00', '03-08T00:00')])).toEqual([
      i('03-03T00:00', '03-05T00:00'),
      i('03-08T00:00', '03-10T00:00'),
    ]);
    expect(holesIn(w, [i('02-01T00:00', '04-01T00:00')])).toEqual([]);
    expect(holesIn(w, [])).toEqual([w]);
    expect(clip([i('02-01T00:00', '03-02T00:00')], w)).toEqual([i('03-01T00:00', '03-02T00:00')]);
  });

  it('reads from the period start, a resume point, or the retention horizon, whichever is latest; never past as-of', () => {
    const period = { start: '2026-01-01', end: '2026-12-31' };
    const asOf = new Date('2026-06-30T12:00:00Z');
    // CloudTrail keeps 90 days: a first run in June cannot read January.
    expect(readInterval('aws.cloudtrail.event', period, asOf)).toEqual({ from: new Date('2026-04-01T12:00:00Z'), to: asOf });
    expect(readInterval('aws.cloudtrail.event', period, asOf, '2026-06-29T11:45:00.000Z').from).toEqual(new Date('2026-06-29T11:45:00Z'));
    // GitHub keeps merged pull requests: the whole period.
    expect(readInterval('github.pr.merged', period, asOf).from).toEqual(new Date('2026-01-01T00:00:00Z'));
    // After the period: up to the end of its last day.
    expect(readInterval('okta.log.user-lifecycle', { start: '2026-06-01', end: '2026-06-10' }, asOf).to).toEqual(new Date('2026-06-11T00:00:00Z'));
  });
});
