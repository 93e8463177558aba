import type { CheckResult, ControlResult, Results } from '../engine/results.js';

/** Findings listed per issue; the rest are counted ("and N more"). */
export const MAX_FINDINGS = 25;
/** Longest reason, resource or remediation text kept in an issue (characters). */
const MAX_TEXT = 300;

/** The hidden marker an issue is found by: one issue per control, whatever its title became. */
export function marker(control: string): string {
  return `<!-- soc2:control=${control} -->`;
}

const MARKER = /<!-- soc2:control=([^\s>]+) -->/;

/** The control id an issue body carries in its marker (undefined: not a soc2 issue). */
export function controlOfBody(body: string | null | undefined): string | undefined {
  return body ? MARKER.exec(body)?.[1] : undefined;
}

export interface BundleRefInfo {
  name: string;
  digest: string;
}

export function issueTitle(c: ControlResult): string {
  return clip(`[soc2] ${c.id} ${c.title}`, 200);
}

/**
 * The issue body: the control, its owner, the bundle (name and digest) it was judged in, the failing findings
 * (resource and reason) or what could not be collected, and each check's remediation text. Nothing else from the
 * bundle: never a record, a raw answer or a request detail (an error's message is the provider's, already shown in
 * the gap table and report).
 */
export function issueBody(c: ControlResult, checks: CheckResult[], bundle: BundleRefInfo, owner: { email?: string; login?: string }): string {
  const out: string[] = [marker(c.id), `**${c.id}** ${esc(c.title)}`, ''];
  out.push(`- Status: **${c.status}** in bundle \`${bundle.name}\` (sha256:${bundle.digest})`);
  out.push(`- Criteria: ${c.criteria.join(', ')}; severity ${c.severity}`);
  out.push(`- Owner: ${owner.email ? owner.email.replace(/[<>`]/g, '') : 'none'}${owner.login ? ` (@${owner.login})` : ''}`);
  const failing = checks.flatMap((k) =>
    k.findings.filter((f) => f.status === 'fail' && !f.excepted).map((f) => ({ check: k.check, resource: f.resource, reason: f.reason })),
  );
  const errors = checks.flatMap((k) => k.errors.map((e) => ({ check: k.check, resource: `${e.type} ${e.scope}`, reason: `${e.cause}: ${e.message}` })));
  const list = failing.length ? failing : errors;
  out.push('', failing.length ? `### Failing findings (${failing.length})` : `### Not collected (${errors.length})`);
  for (const f of list.slice(0, MAX_FINDINGS)) out.push(`- \`${f.check}\` ${code(f.resource)}: ${esc(clip(f.reason, MAX_TEXT))}`);
  if (list.length > MAX_FINDINGS) out.push(`- … and ${list.length - MAX_FINDINGS} more (see the bundle's report.md)`);
  if (!list.length) out.push("- none listed (see the bundle's report.md)");
  const remediations = checks.filter((k) => (k.status === 'fail' || k.status === 'error') && k.remediation);
  if (remediations.length) {
    out.push('', '### Remediation');
    for (const k of remediations) out.push(`- \`${k.check}\`: ${esc(clip(k.remediation!, MAX_TEXT))}`);
  }
  out.push('', '_Opened and kept up to date by `soc2 remediate`; closed when the control passes again._');
  return out.join('\n');
}

/** The checks of one control in a results file. */
export function checksOf(results: Results, control: string): CheckResult[] {
  return results.checks.filter((k) => k.control === control);
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Inline code that cannot be broken out of (backticks in a resource name). */
function code(s: string): string {
  return `\`${clip(s, MAX_TEXT).replace(/`/g, "'")}\``;
}

/** Why: a finding's text must not turn into mentions, HTML or a forged marker in the issue. */
function esc(s: string): string {
  return s.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '@\u200b');
}
