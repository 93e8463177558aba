import { describe, expect, it } from 'vitest';
import { InputError } from '../../util/exit.js';
import { DEFAULT_MAX_DURATION, parseDuration } from './collect.js';

describe('collect --max-duration', () => {
  it.each([
    ['2h', 7_200_000],
    ['90m', 5_400_000],
    ['1h30m', 5_400_000],
    ['45s', 45_000],
    ['600', 600_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text, '--max-duration')).toBe(ms);
  });

  it.each(['', '0', '0s', 'soon', '2d', '-5m', '8000000'])('refuses %j as bad input naming the flag', (text) => {
    expect(() => parseDuration(text, '--max-duration')).toThrow(InputError);
    expect(() => parseDuration(text, '--max-duration')).toThrow(/--max-duration: expected a duration/);
  });

  it('defaults to two hours', () => {
    expect(parseDuration(DEFAULT_MAX_DURATION, '--max-duration')).toBe(7_200_000);
  });
});
