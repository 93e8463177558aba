import { failingSince, ownerRows, ownerStanding } from '../history/owners.js';
import type { Output } from './output.js';
import { fitTable, terminalWidth } from '../util/table.js';

/**
 * The per-owner section under the gap table and `soc2 controls`: how many of each owner's controls fail or error,
 * and for how long the longest has (consecutive days in the sealed bundles up to `day`). Empty when none fail.
 */
export async function ownersSection(
  out: Output,
  controls: Array<{ id: string; owner?: string | null; status: string }>,
  evidenceDir: string,
  day: string,
  width = terminalWidth(),
): Promise<string> {
  if (!controls.some((c) => c.status === 'fail' || c.status === 'error')) return '';
  const since = await failingSince(evidenceDir, day).catch(() => new Map<string, string>());
  const rows = ownerRows(ownerStanding(controls, since, day).filter((r) => r.failing > 0));
  const table = fitTable(['OWNER', 'FAILING', 'LONGEST FAILING'], rows, {
    width,
    flex: [
      { col: 0, min: 16 },
      { col: 2, min: 14 },
    ],
  });
  return `${out.c.bold('Failing controls by owner')} ${out.c.dim(`(as of ${day})`)}\n${table}`;
}
