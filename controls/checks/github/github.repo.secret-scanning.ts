import type { Check, Finding } from '../../../src/types.js';
import { byRepo, repoResource } from './lib/repos.js';

export interface SecretScanningParams {
  pushProtection: boolean;
}

/** Secret scanning (and, by default, push protection) is enabled on every repository. */
export const secretScanning: Check<SecretScanningParams> = {
  meta: {
    id: 'github.repo.secret-scanning',
    title: 'Secret scanning and push protection are enabled',
    failureTitle: 'Repository without secret scanning',
    requires: ['github.repo', 'github.repo.security'],
    paramsSchema: { type: 'object', additionalProperties: false, properties: { pushProtection: { type: 'boolean', default: true } } },
    remediation:
      'Settings → Code security: enable Secret Protection (secret scanning) and push protection, or apply an organisation security configuration that enables both.',
  },
  evaluate(view, params) {
    const sec = byRepo(view.records('github.repo.security'));
    const findings: Finding[] = [];
    for (const repo of view.records('github.repo')) {
      const s = sec.get(repo.data.fullName);
      if (!s) continue;
      const resource = repoResource(repo.data.fullName);
      const gaps = [
        s.data.secretScanning === 'enabled' ? '' : 'secret scanning',
        params.pushProtection && s.data.pushProtection !== 'enabled' ? 'push protection' : '',
      ].filter(Boolean);
      findings.push(
        gaps.length
          ? {
              status: 'fail',
              resource,
              scope: s.scope,
              evidence: s.ref,
              reason: `${gaps.join(' and ')} ${gaps.length > 1 ? 'are' : 'is'} disabled: leaked credentials would go unnoticed; enable them under Settings → Code security`,
            }
          : {
              status: 'pass',
              resource,
              scope: s.scope,
              evidence: s.ref,
              reason: params.pushProtection ? 'secret scanning and push protection are enabled' : 'secret scanning is enabled',
            },
      );
    }
    return { findings, notApplicable: findings.length === 0 && view.records('github.repo').length === 0 };
  },
};
