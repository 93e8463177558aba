import type { EvidenceRequirement } from '../config/control-map.js';
import type { DocumentsFile } from '../evidence/types.generated.js';
import type { EvidenceView, Status } from '../types.js';

/** One `documents.file` record (collectors/documents). */
/** A `documents.file` record. */
export type DocumentRecord = DocumentsFile;

export interface ManualItem {
  id: string;
  description: string;
  state: 'missing' | 'stale';
  due?: string;
  owner?: string;
}

export interface OnFile {
  id: string;
  path: string;
  sha256: string;
  approvedOn: string;
  due: string;
  evidence: string;
}

export interface DocumentsVerdict {
  statuses: Status[];
  manual: ManualItem[];
  onFile: OnFile[];
  stale: number;
}

const CADENCE_DAYS = { daily: 1, weekly: 7, monthly: 31, quarterly: 92, annually: 366 } as const;

/** `approvedOn` + `365d` / `12w` / `6m` / `1y`, as YYYY-MM-DD (calendar months and years). */
export function addPeriod(date: string, every: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const n = Number(every.slice(0, -1));
  const unit = every.slice(-1);
  if (unit === 'd') d.setUTCDate(d.getUTCDate() + n);
  else if (unit === 'w') d.setUTCDate(d.getUTCDate() + 7 * n);
  else if (unit === 'm') d.setUTCMonth(d.getUTCMonth() + n);
  else d.setUTCFullYear(d.getUTCFullYear() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Matches a control's `evidence:` requirements to documents naming the requirement id or the control id.
 * The freshest document wins; it lapses at the earlier of its own `reviewEvery` and the requirement's
 * `freshDays`/`cadence` (the control's demand caps the document's promise), plus `graceDays`.
 * Missing → `manual`; lapsed → `fail` with the day it lapsed; without the documents source every
 * requirement stays `manual` (missing), as before.
 */
export function matchDocuments(
  control: { id: string; owner?: string; evidence: EvidenceRequirement[] },
  view: EvidenceView,
  collected: boolean,
  asOf: Date,
): DocumentsVerdict {
  const out: DocumentsVerdict = { statuses: [], manual: [], onFile: [], stale: 0 };
  const owner = control.owner ? { owner: control.owner } : {};
  if (control.evidence.length === 0) return out;
  if (!collected) {
    out.manual = control.evidence.map((e) => ({ id: e.id, description: e.description, state: 'missing', ...owner }));
    out.statuses.push('manual');
    return out;
  }
  if (view.states('documents.file').some((s) => s.state !== 'complete')) out.statuses.push('error');
  const docs = view.records('documents.file');
  const today = asOf.toISOString().slice(0, 10);
  for (const req of control.evidence) {
    const matches = docs.filter((d) => d.data.controls.includes(req.id) || d.data.controls.includes(control.id));
    if (matches.length === 0) {
      out.manual.push({ id: req.id, description: req.description, state: 'missing', ...owner });
      out.statuses.push('manual');
      continue;
    }
    const dated = matches.map((d) => ({ d, due: dueOf(d.data, req) })).sort((a, b) => b.due.localeCompare(a.due));
    const best = dated[0]!;
    const lapses = addPeriod(best.due, `${req.graceDays ?? 0}d`);
    if (lapses < today) {
      out.manual.push({ id: req.id, description: req.description, state: 'stale', due: best.due, owner: best.d.data.owner });
      out.statuses.push('fail');
      out.stale++;
    } else out.statuses.push('pass');
    out.onFile.push({
      id: req.id,
      path: best.d.data.path,
      sha256: best.d.data.sha256,
      approvedOn: best.d.data.approvedOn,
      due: best.due,
      evidence: best.d.ref,
    });
  }
  return out;
}

function dueOf(doc: DocumentRecord, req: EvidenceRequirement): string {
  const own = addPeriod(doc.approvedOn, doc.reviewEvery);
  const days = req.freshDays ?? (req.cadence ? CADENCE_DAYS[req.cadence] : undefined);
  if (days === undefined) return own;
  const demanded = addPeriod(doc.approvedOn, `${days}d`);
  return demanded < own ? demanded : own;
}
