import { latestBundle } from '../bundle/layout.js';
import { readBundle } from '../bundle/reader.js';
import type { Results } from '../engine/results.js';

export interface DueItem {
  control: string;
  evidence: string;
  description: string;
  state: 'missing' | 'stale' | 'on file' | 'not collected';
  due: string;
  owner: string;
}

/**
 * What a person must still supply, per control requirement: from the latest bundle's results when there is
 * one (missing / stale with the day it lapsed / on file until its due day), else every requirement.
 */
export async function manualDue(
  controls: Array<{ id: string; owner: string | null; evidence: Array<{ id: string; description: string }> }>,
  evidenceDir: string,
): Promise<{ bundle?: string; items: DueItem[] }> {
  const latest = await latestBundle(evidenceDir);
  let results: Results | undefined;
  try {
    results = latest ? readBundle(latest.dir).results : undefined;
  } catch {
    results = undefined;
  }
  const byId = new Map((results?.controls ?? []).map((c) => [c.id, c]));
  const items = controls.flatMap((c) =>
    c.evidence.map((e): DueItem => {
      const r = byId.get(c.id);
      const m = r?.manual.find((x) => x.id === e.id);
      const onFile = r?.documents?.find((d) => d.id === e.id);
      const owner = m?.owner ?? c.owner ?? 'no owner';
      if (!r) return { control: c.id, evidence: e.id, description: e.description, state: 'not collected', due: '', owner };
      if (m) return { control: c.id, evidence: e.id, description: e.description, state: m.state, due: m.due ?? (m.state === 'missing' ? 'now' : ''), owner };
      return { control: c.id, evidence: e.id, description: e.description, state: 'on file', due: onFile?.due ?? '', owner };
    }),
  );
  return { bundle: latest?.name, items };
}
