import { createHash } from 'node:crypto';
import type { CheckResult, ControlResult, Results } from '../engine/results.js';

/** The OASIS schema location of SARIF 2.1.0 (errata 01), which `$schema` names. */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Where `tool.driver.informationUri` points (SARIF requires an absolute URI). */
export const INFORMATION_URI = 'https://github.com/soc2-cli/soc2';

type Level = 'error' | 'warning';
interface Text {
  text: string;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: Text;
  fullDescription: Text;
  help: Text;
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; controls: string[]; 'security-severity': string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: Text;
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } };
    logicalLocations: Array<{ name: string; fullyQualifiedName: string; kind: 'resource' }>;
  }>;
  partialFingerprints: Record<string, string>;
  /** `evidence`: the record that shows the finding, relative to the bundle named by `bundle` (when known). */
  properties: { control: string; resource: string; scope?: string; criteria: string[]; evidence: string; bundle?: string };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: { driver: { name: 'soc2'; version: string; informationUri: string; rules: SarifRule[] } };
    invocations: Array<{
      executionSuccessful: boolean;
      endTimeUtc: string;
      toolExecutionNotifications: Array<{ level: 'error'; message: Text; associatedRule: { id: string; index: number } }>;
    }>;
    results: SarifResult[];
    properties: { organization: string; asOf: string; summary: Results['summary'] };
  }>;
}

export interface SarifOptions {
  /** Name of the sealed bundle the results come from (recorded per result, never part of its location). */
  bundle?: string;
  /**
   * The configuration file as the SARIF consumer should see it (relative to the repository root): the one
   * physical location every result shares, because it is where the controls and their exceptions are set.
   * Default `soc2.config.yaml`.
   */
  configPath?: string;
}

/**
 * SARIF 2.1.0 for code-scanning dashboards: one rule per check (help = remediation, tags = criteria),
 * one result per failing finding. Its location is the same in every run: a logical location naming the
 * control and the resource (`CONTROL/resource`), and the configuration file as physical location. Why
 * not the evidence record: that path lies inside a dated bundle, so a dashboard would see every alert
 * move (closed and re-opened) each day; the record is kept in the result's properties instead. The invocation is unsuccessful when any control is `error`, with one notification
 * per thing that could not be collected: a partial run must not look like a clean one.
 */
export function toSarif(results: Results, toolVersion: string, opts: SarifOptions = {}): SarifLog {
  const controls = new Map(results.controls.map((c) => [c.id, c]));
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  for (const c of results.checks) {
    const control = controls.get(c.control);
    let i = index.get(c.check);
    if (i === undefined) {
      i = rules.push(newRule(c)) - 1;
      index.set(c.check, i);
    }
    if (control) addControl(rules[i]!, control);
  }
  const out: SarifResult[] = [];
  for (const c of results.checks) {
    const control = controls.get(c.control);
    for (const f of c.findings) {
      if (f.status !== 'fail') continue;
      out.push({
        ruleId: c.check,
        ruleIndex: index.get(c.check)!,
        level: levelOf(control?.severity),
        message: { text: f.reason },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: opts.configPath ?? 'soc2.config.yaml' } },
            logicalLocations: [{ name: f.resource, fullyQualifiedName: `${c.control}/${f.resource}`, kind: 'resource' }],
          },
        ],
        // Why: the evidence file changes every day; dashboards need an identity that survives re-collection.
        partialFingerprints: { 'soc2Finding/v1': createHash('sha256').update(`${c.control}\u0000${c.check}\u0000${f.resource}`).digest('hex') },
        properties: {
          control: c.control,
          resource: f.resource,
          ...(f.scope ? { scope: f.scope } : {}),
          criteria: control?.criteria ?? [],
          evidence: f.evidence,
          ...(opts.bundle ? { bundle: opts.bundle } : {}),
        },
      });
    }
  }
  const notifications = results.checks.flatMap((c) =>
    c.errors.map((e) => ({
      level: 'error' as const,
      message: { text: `could not collect ${e.type} in ${e.scope} for ${c.control}: ${e.cause} at ${e.operation}: ${e.message}` },
      associatedRule: { id: c.check, index: index.get(c.check)! },
    })),
  );
  const unique = [...new Map(notifications.map((n) => [`${n.associatedRule.id}\u0000${n.message.text}`, n])).values()];
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'soc2', version: toolVersion, informationUri: INFORMATION_URI, rules } },
        invocations: [
          { executionSuccessful: !results.controls.some((c) => c.status === 'error'), endTimeUtc: results.asOf, toolExecutionNotifications: unique },
        ],
        results: out,
        properties: { organization: results.organization, asOf: results.asOf, summary: results.summary },
      },
    ],
  };
}

function newRule(c: CheckResult): SarifRule {
  return {
    id: c.check,
    name: c.check,
    shortDescription: { text: c.title },
    fullDescription: { text: c.title },
    help: { text: c.remediation ?? 'See the control owner.' },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: [], controls: [], 'security-severity': SECURITY_SEVERITY.low },
  };
}

/** A check used by several controls: its rule carries every control's criteria and the worst severity. */
function addControl(rule: SarifRule, control: ControlResult): void {
  const p = rule.properties;
  if (!p.controls.includes(control.id)) p.controls.push(control.id);
  p.tags = [...new Set([...p.tags, ...control.criteria])].sort();
  rule.fullDescription = { text: `${rule.shortDescription.text}. Controls: ${p.controls.map((id) => id).join(', ')}; criteria: ${p.tags.join(', ')}.` };
  const sev = SECURITY_SEVERITY[control.severity as keyof typeof SECURITY_SEVERITY] ?? SECURITY_SEVERITY.medium;
  if (Number(sev) > Number(p['security-severity'])) p['security-severity'] = sev;
  if (levelOf(control.severity) === 'error') rule.defaultConfiguration.level = 'error';
}

/** GitHub code scanning ranks security results by this rule property (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0). */
const SECURITY_SEVERITY = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' } as const;

function levelOf(severity: string | undefined): Level {
  return severity === 'critical' || severity === 'high' ? 'error' : 'warning';
}
