import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSyntheticBundle } from '../../test/helpers/bundles.js';
import { failingSince, latestResults, ownerRows, ownerStanding } from './owners.js';

let dir: string;
const bundles: string[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soc2-owners-'));
  bundles.length = 0;
  bundles.push(
    (
      await writeSyntheticBundle(dir, new Date('2026-11-01T12:00:00Z'), [
        { id: 'C1', status: 'fail' },
        { id: 'C2', status: 'pass' },
      ])
    ).dir,
  );
  bundles.push(
    (
      await writeSyntheticBundle(dir, new Date('2026-11-02T12:00:00Z'), [
        { id: 'C1', status: 'fail' },
        { id: 'C2', status: 'error' },
      ])
    ).dir,
  );
  bundles.push(
    (
      await writeSyntheticBundle(dir, new Date('2026-11-03T12:00:00Z'), [
        { id: 'C1', status: 'fail' },
        { id: 'C2', status: 'error' },
        { id: 'C3', status: 'pass' },
      ])
    ).dir,
  );
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('failing controls per owner', () => {
  it("counts each owner's failing controls and the longest consecutive failing days from the bundles", async () => {
    const since = await failingSince(dir, '2026-11-03');
    expect([...since]).toEqual([
      ['C1', '2026-11-01'],
      ['C2', '2026-11-02'],
    ]);
    const rows = ownerStanding(
      [
        { id: 'C1', owner: 'a@x.example', status: 'fail' },
        { id: 'C2', owner: 'b@x.example', status: 'error' },
        { id: 'C3', owner: 'a@x.example', status: 'pass' },
        // Failing now, with no streak in the bundles: one day.
        { id: 'C4', owner: 'b@x.example', status: 'fail' },
        { id: 'C5', owner: null, status: 'pass' },
      ],
      since,
      '2026-11-03',
    );
    expect(ownerRows(rows)).toEqual([
      ['b@x.example', '2 of 2', '2 d (C2)'],
      ['a@x.example', '1 of 2', '3 d (C1)'],
      ['(no owner)', '0 of 1', '-'],
    ]);
    expect((await latestResults(dir))!.asOf).toBe('2026-11-03T12:00:00.000Z');
  });

  it('leaves out a bundle whose results no longer match its manifest', async () => {
    await appendFile(join(bundles[0]!, 'data', 'results.json'), ' ');
    expect(await failingSince(dir, '2026-11-03')).toEqual(
      new Map([
        ['C1', '2026-11-02'],
        ['C2', '2026-11-02'],
      ]),
    );
    await appendFile(join(bundles[2]!, 'data', 'results.json'), ' ');
    expect(await latestResults(dir)).toBeUndefined();
  });
});
