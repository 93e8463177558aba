import type { CheckResult, ControlResult, CriterionResult, Results } from '../engine/results.js';
import { attrs, xmlText } from './xml.js';

interface Case {
  xml: string;
  outcome: 'pass' | 'failure' | 'error' | 'skipped';
}

/**
 * JUnit XML (the Ant/Jenkins dialect CI servers read): one `<testsuite>` per criterion in scope, one
 * `<testcase>` per (control, check) mapped to it and per document a control needs. fail → `<failure>`
 * (a lapsed document too), error → `<error>`, manual (a document not on file) and not-applicable →
 * `<skipped>`, a current document → a passing case. A control mapped to several criteria appears in each of their suites,
 * because the question a reader asks of a suite is "does this criterion hold".
 */
export function toJUnit(results: Results): string {
  const checksOf = new Map<string, CheckResult[]>();
  for (const c of results.checks) checksOf.set(c.control, [...(checksOf.get(c.control) ?? []), c]);
  const controls = new Map(results.controls.map((c) => [c.id, c]));
  const timestamp = results.asOf.slice(0, 19);
  const suites = results.criteria.map((criterion) => {
    const mapped = criterion.controls.map((id) => controls.get(id)).filter((c): c is ControlResult => c !== undefined);
    return suite(
      criterion,
      mapped.flatMap((c) => casesOf(c, checksOf.get(c.id) ?? [])),
      timestamp,
    );
  });
  const total = (k: keyof Omit<SuiteCounts, 'xml'>) => suites.reduce((n, s) => n + s[k], 0);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attrs({ name: `soc2 ${results.organization}`, tests: total('tests'), failures: total('failures'), errors: total('errors'), time: '0' })}>\n` +
    suites.map((s) => s.xml).join('') +
    '</testsuites>\n'
  );
}

interface SuiteCounts {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function suite(criterion: CriterionResult, cases: Case[], timestamp: string): SuiteCounts {
  const n = (o: Case['outcome']) => cases.filter((c) => c.outcome === o).length;
  const counts = { tests: cases.length, failures: n('failure'), errors: n('error'), skipped: n('skipped') };
  const head = `  <testsuite${attrs({ name: `${criterion.id} ${criterion.title}`, ...counts, time: '0', timestamp })}>\n`;
  const props =
    '    <properties>\n' +
    `      <property${attrs({ name: 'status', value: criterion.status })}/>\n` +
    `      <property${attrs({ name: 'coverage', value: criterion.coverage })}/>\n` +
    '    </properties>\n';
  // Why: an uncovered criterion is a finding for the auditor, so it is said out loud rather than left as an empty suite.
  const out = cases.length === 0 ? `    <system-out>${xmlText(`No control maps to ${criterion.id}: it is uncovered.`)}</system-out>\n` : '';
  return { ...counts, xml: head + props + cases.map((c) => c.xml).join('') + out + '  </testsuite>\n' };
}

function casesOf(control: ControlResult, checks: CheckResult[]): Case[] {
  const out = checks.map((c) => checkCase(control, c));
  for (const m of control.manual) {
    const name = `document:${m.id} ${m.description}`;
    if (m.state === 'stale') {
      // A lapsed document makes the control fail (it was on file and is past its review date): a gap, not a skip.
      const message = `document past its review date${m.due ? ` (due ${m.due})` : ''}: ${m.description}`;
      out.push(
        testcase(
          control.id,
          name,
          'failure',
          `      <failure${attrs({ message, type: `${control.severity} gap` })}>${xmlText(`${message}${m.owner ? `\nOwner: ${m.owner}` : ''}`)}</failure>\n`,
        ),
      );
      continue;
    }
    out.push(testcase(control.id, name, 'skipped', `      <skipped${attrs({ message: `manual evidence not on file: ${m.description}` })}/>\n`));
  }
  // Documents on file and current are the evidence of a document control: each is a passing case, so the
  // criterion it maps to is covered (an empty suite would read as "uncovered").
  const lapsed = new Set(control.manual.filter((m) => m.state === 'stale').map((m) => m.id));
  for (const d of control.documents ?? []) {
    if (lapsed.has(d.id)) continue;
    out.push(
      testcase(
        control.id,
        `document:${d.id} ${d.path}`,
        'pass',
        `      <system-out>${xmlText(`approved ${d.approvedOn}, next review due ${d.due}, sha256 ${d.sha256}`)}</system-out>\n`,
      ),
    );
  }
  return out;
}

function checkCase(control: ControlResult, c: CheckResult): Case {
  const name = `${c.check} ${c.title}`;
  const fails = c.findings.filter((f) => f.status === 'fail');
  const excepted = c.findings.filter((f) => f.excepted && !f.excepted.expired);
  const notes: string[] = [];
  for (const f of excepted)
    notes.push(`excepted: ${f.resource}: ${f.reason} (${f.excepted!.ticket}, approved by ${f.excepted!.approvedBy}, until ${f.excepted!.expires})`);
  if (c.note) notes.push(c.note);
  const systemOut = notes.length ? `      <system-out>${xmlText(notes.join('\n'))}</system-out>\n` : '';
  switch (c.status) {
    case 'fail': {
      const body = [...fails.map((f) => `${f.resource}: ${f.reason}`), ...(c.remediation ? ['', `Remediation: ${c.remediation}`] : [])].join('\n');
      const message = `${fails.length} failing: ${fails[0]?.reason ?? c.title}`;
      return testcase(
        control.id,
        name,
        'failure',
        `      <failure${attrs({ message, type: `${control.severity} gap` })}>${xmlText(body)}</failure>\n${systemOut}`,
      );
    }
    case 'error': {
      const body = c.errors.map((e) => `could not collect ${e.type} in ${e.scope}: ${e.cause} at ${e.operation}: ${e.message}`).join('\n');
      const causes = [...new Set(c.errors.map((e) => e.cause))].join(',') || 'unknown';
      const message = `evidence incomplete: ${c.errors.length} collection error${c.errors.length === 1 ? '' : 's'}`;
      return testcase(control.id, name, 'error', `      <error${attrs({ message, type: `collection ${causes}` })}>${xmlText(body)}</error>\n${systemOut}`);
    }
    case 'manual':
    case 'not-applicable':
      return testcase(
        control.id,
        name,
        'skipped',
        `      <skipped${attrs({ message: c.status === 'manual' ? 'needs manual evidence' : `not applicable${c.note ? `: ${c.note}` : ''}` })}/>\n`,
      );
    case 'pass':
      return testcase(control.id, name, 'pass', systemOut);
  }
}

function testcase(classname: string, name: string, outcome: Case['outcome'], inner: string): Case {
  const open = `    <testcase${attrs({ classname, name, time: '0' })}`;
  return { outcome, xml: inner ? `${open}>\n${inner}    </testcase>\n` : `${open}/>\n` };
}
