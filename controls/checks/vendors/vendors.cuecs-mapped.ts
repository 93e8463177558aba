import type { Check, Finding } from '../../../src/types.js';

/**
 * Each subservice organisation's complementary user entity controls (CUECs) are mapped to one of our controls;
 * the ones that are not are left to a person (`manual`), listed, never passed.
 */
export const vendorsCuecsMapped: Check<Record<string, never>> = {
  meta: {
    id: 'vendors.cuecs-mapped',
    title: 'The CUECs of every subservice organisation are mapped to our controls',
    failureTitle: "Subservice organisations' CUECs not mapped to our controls",
    requires: ['vendors.vendor'],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      "For each complementary user entity control in the subservice organisation's report, name the control of ours that meets it (cuecs[].control in the vendor register), or write one.",
  },
  evaluate(view) {
    const findings: Finding[] = [];
    const open: string[] = [];
    let subservice = 0;
    for (const r of view.records('vendors.vendor')) {
      const v = r.data;
      if (!v.subservice) continue;
      subservice++;
      if (v.cuecs.length === 0) open.push(`${v.name}: no CUECs recorded (confirm its report lists none)`);
      for (const c of v.cuecs) {
        const at = { resource: `vendor:${v.name}/cuecs/${c.id}`, scope: r.scope, evidence: r.ref };
        if (c.control) findings.push({ status: 'pass', ...at, reason: `${v.name} ${c.id} ("${c.text}") is met by control ${c.control}` });
        else open.push(`${v.name} ${c.id} ("${c.text}")`);
      }
    }
    if (open.length) return { findings, needsReview: `CUECs not mapped to a control of ours — map them or show they are met: ${open.join('; ')}` };
    return { findings, notApplicable: subservice === 0 };
  },
};
