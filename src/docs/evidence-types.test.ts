import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_TYPES_FILE, evidenceTypesSource, typeNameOf } from './evidence-types.js';

describe('generated evidence types', () => {
  it('are what `npm run types` generates from schemas/evidence (run it after changing a schema)', async () => {
    const fresh = await evidenceTypesSource();
    if (process.env.SOC2_WRITE_TYPES === '1') writeFileSync(EVIDENCE_TYPES_FILE, fresh);
    expect(readFileSync(EVIDENCE_TYPES_FILE, 'utf8') === fresh, 'src/evidence/types.generated.ts is stale: run `npm run types`').toBe(true);
  });

  it('name a type after its evidence type', () => {
    expect(typeNameOf('aws.iam.credential-report')).toBe('AwsIamCredentialReport');
    expect(typeNameOf('github.org.member-without-2fa')).toBe('GithubOrgMemberWithout2Fa');
  });
});
