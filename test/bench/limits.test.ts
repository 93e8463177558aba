import { describe, expect, it } from 'vitest';
import { windowedFromMs, windowedMs } from './limits.js';

describe('windowedMs: the shortest time under a fixed-window rate limit', () => {
  it('is the client’s own pace while the calls fit in two windows (a run may straddle one boundary)', () => {
    expect(windowedMs(2000, 60, 250, 12.5)).toBe(3125);
    expect(windowedMs(6000, 60, 12_000, 1)).toBe(12_000);
  });

  it('adds every middle window in full once the calls need three or more', () => {
    // 16,000 calls at 6,000 per minute: one full middle minute, the other 10,000 at 160 calls/s.
    expect(windowedMs(6000, 60, 16_000, 6.25)).toBe(60_000 + 10_000 * 6.25);
    // Without a pace of its own the client still needs the middle windows.
    expect(windowedMs(6000, 60, 30_000)).toBe(3 * 60_000);
  });

  it('never claims less than the pace alone', () => {
    expect(windowedMs(100, 60, 1000, 1000)).toBe(1_000_000);
  });
});

describe('windowedFromMs: fixed windows on the clock, from a given start', () => {
  it('uses what is left of the first window, then whole windows', () => {
    // Start 50 s into a minute: 10 s left at 100 calls/s = 1,000 calls, then 6,000 in the next minute, 3,000 after.
    const start = 50_000;
    expect(windowedFromMs(6000, 60, 10_000, 10, start)).toBe(10_000 + 60_000 + 3_000 * 10);
  });

  it('is the pace alone when the limit never binds, and never less than the phase-free bound', () => {
    expect(windowedFromMs(6000, 60, 500, 10, 0)).toBe(5000);
    for (const start of [0, 7_000, 31_000, 59_999])
      expect(windowedFromMs(6000, 60, 16_000, 6.25, start)).toBeGreaterThanOrEqual(windowedMs(6000, 60, 16_000, 6.25));
  });
});
