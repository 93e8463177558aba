import type { Finding } from '../../../../src/types.js';

export function finding(status: 'pass' | 'fail', resource: string, reason: string, evidence: string, scope?: string): Finding {
  return { status, resource, reason, evidence, ...(scope ? { scope } : {}) };
}

export const ACCOUNT_TYPES = ['okta.user', 'github.org.member', 'github.org.outside-collaborator', 'aws.iam.credential-report', 'aws.identitycenter.user'];
export const ROSTER_TYPES = ['roster.person', 'roster.link'];

export const SYSTEM_NAMES: Record<string, string> = { okta: 'Okta', github: 'GitHub', aws: 'AWS IAM', 'identity-center': 'AWS Identity Center' };
