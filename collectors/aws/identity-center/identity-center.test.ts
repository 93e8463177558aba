import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAjv } from '../../../src/util/ajv.js';
import { runCollector } from '../../../test/helpers/collect.js';
import { awsConfig, demoAws, startAws, useBaseCredentials } from '../testing.js';
import { awsIdentityCenterCollector } from './collector.js';
import type { IcAssignment, IcGroup, IcPermissionSet, IcUser } from './evidence.js';

let restore: () => void;
beforeAll(() => {
  restore = useBaseCredentials();
});
afterAll(() => restore());

const SCOPE = '111111111111/us-east-1';

describe('aws-identity-center against the sandbox', () => {
  it('reads the demo instance: users, groups with members, permission sets with policies, assignments; records validate', async () => {
    const sb = await startAws(demoAws());
    try {
      const run = await runCollector(awsIdentityCenterCollector, awsConfig(sb));
      expect(run.errors()).toEqual([]);
      const ajv = makeAjv();
      for (const type of awsIdentityCenterCollector.meta.produces) {
        const validate = ajv.compile(JSON.parse(readFileSync(`schemas/evidence/${type}.schema.json`, 'utf8')));
        expect(run.records(type).length, type).toBeGreaterThan(0);
        for (const r of run.records(type)) expect(validate(JSON.parse(JSON.stringify(r.data))), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
        expect(run.view.scopes(type)).toEqual([SCOPE]);
      }
      const users = run.records<IcUser>('aws.identitycenter.user').map((r) => r.data);
      expect(users.find((u) => u.userName === 'wendy.ross@acme.example')).toMatchObject({ status: 'DISABLED', email: 'wendy.ross@acme.example' });
      expect(users.find((u) => u.userName === 'zoe.grant@acme.example')?.createdAt).toBe('2026-11-06T09:00:00.000Z');
      const engineers = run.records<IcGroup>('aws.identitycenter.group').find((r) => r.data.displayName === 'engineers')!.data;
      expect(engineers.members).toHaveLength(5);
      const sets = run.records<IcPermissionSet>('aws.identitycenter.permission-set').map((r) => r.data);
      const dev = sets.find((s) => s.name === 'Developer')!;
      expect(dev.managedPolicies.map((p) => p.name)).toEqual(['PowerUserAccess']);
      expect(JSON.parse(dev.inlinePolicy!)).toMatchObject({ Statement: [{ Effect: 'Deny' }] });
      expect(sets.find((s) => s.name === 'ReadOnly')).toMatchObject({ inlinePolicy: null, accounts: ['333333333333'] });
      expect(sets.find((s) => s.name === 'AdministratorAccess')!.accounts).toEqual(['111111111111', '222222222222']);
      const assignments = run.records<IcAssignment>('aws.identitycenter.assignment').map((r) => r.data);
      expect(assignments).toHaveLength(6);
      expect(assignments.filter((a) => a.principalType === 'USER')).toHaveLength(2);
      // One ListAccountAssignments per (permission set, provisioned account): 2 + 1 + 1.
      expect(run.pages['sso:ListAccountAssignments']).toBe(4);
      expect(JSON.stringify([...run.raw.values()])).not.toContain('SANDBOXSECRET');
    } finally {
      await sb.close();
    }
  });

  it('pages every list to its end: 250 users, a 230-member group, 120 permission sets', async () => {
    const data = demoAws();
    const ic = data.accounts[0]!.identityCenter!;
    ic.users = Array.from({ length: 250 }, (_, i) => ({ name: `u${i}@acme.example`, email: `u${i}@acme.example` }));
    ic.groups = [{ name: 'everyone', members: ic.users.slice(0, 230).map((u) => u.name) }];
    ic.permissionSets = Array.from({ length: 120 }, (_, i) => ({ name: `ps${i}`, policies: ['ReadOnlyAccess'] }));
    ic.assignments = [{ account: '222222222222', permissionSet: 'ps119', group: 'everyone' }];
    const sb = await startAws(data);
    try {
      const run = await runCollector(awsIdentityCenterCollector, awsConfig(sb));
      expect(run.errors()).toEqual([]);
      expect(run.records('aws.identitycenter.user')).toHaveLength(250);
      expect(run.pages['identitystore:ListUsers']).toBe(3);
      expect(run.records<IcGroup>('aws.identitycenter.group')[0]!.data.members).toHaveLength(230);
      expect(run.pages['identitystore:ListGroupMemberships']).toBe(3);
      expect(run.records('aws.identitycenter.permission-set')).toHaveLength(120);
      expect(run.pages['sso:ListPermissionSets']).toBe(2);
      expect(run.records<IcAssignment>('aws.identitycenter.assignment').map((r) => r.data.accountId)).toEqual(['222222222222']);
    } finally {
      await sb.close();
    }
  });

  it('a page failing mid-way is a truncated scope, a denial is denied, and neither is a short list', async () => {
    const data = demoAws();
    const ic = data.accounts[0]!.identityCenter!;
    ic.users = [...ic.users!, ...Array.from({ length: 150 }, (_, i) => ({ name: `u${i}` }))];
    const sb = await startAws(data, [
      { provider: 'aws', operation: 'identitystore:ListUsers', kind: 'throttle', match: { page: 2 }, times: 99 },
      { provider: 'aws', operation: 'sso:ListPermissionSets', kind: 'deny' },
    ]);
    try {
      const run = await runCollector(awsIdentityCenterCollector, awsConfig(sb));
      const errs = Object.fromEntries(run.errors().map((e) => [e.type, e.cause]));
      expect(errs).toEqual({
        'aws.identitycenter.user': 'truncated',
        'aws.identitycenter.permission-set': 'denied',
        'aws.identitycenter.assignment': 'denied',
      });
      expect(run.view.records('aws.identitycenter.user')).toEqual([]);
      expect(run.view.scopes('aws.identitycenter.group')).toEqual([SCOPE]);
    } finally {
      await sb.close();
    }
  });

  it('no instance is a complete, empty answer recorded as "not in use"; a denied ListInstances is an error for every type', async () => {
    const data = demoAws();
    delete data.accounts[0]!.identityCenter;
    const sb = await startAws(data);
    try {
      const run = await runCollector(awsIdentityCenterCollector, awsConfig(sb));
      expect(run.errors()).toEqual([]);
      expect(run.view.scopes('aws.identitycenter.user')).toEqual([SCOPE]);
      expect(run.records('aws.identitycenter.instance')).toEqual([]);
      expect(run.facts[`aws.identityCenter.${SCOPE}`]).toEqual({ inUse: false });
    } finally {
      await sb.close();
    }
    const denied = await startAws(demoAws(), [{ provider: 'aws', operation: 'sso:ListInstances', kind: 'deny' }]);
    try {
      const run = await runCollector(awsIdentityCenterCollector, awsConfig(denied));
      expect(run.errors().map((e) => [e.type, e.cause, e.scope])).toEqual(awsIdentityCenterCollector.meta.produces.map((t) => [t, 'denied', SCOPE]));
    } finally {
      await denied.close();
    }
  });

  it('an instance in another region is read where the config says, and a configured instance that does not exist is an error', async () => {
    const data = demoAws();
    data.accounts[0]!.identityCenter!.region = 'eu-west-1';
    const sb = await startAws(data);
    try {
      const run = await runCollector(awsIdentityCenterCollector, awsConfig(sb, { identityCenter: { region: 'eu-west-1' } }));
      expect(run.errors()).toEqual([]);
      expect(run.records('aws.identitycenter.user').length).toBe(8);
      const wrong = await runCollector(
        awsIdentityCenterCollector,
        awsConfig(sb, { identityCenter: { region: 'eu-west-1', instanceArn: 'arn:aws:sso:::instance/ssoins-0000000000000000' } }),
      );
      expect(wrong.errors()[0]?.message).toMatch(/is not among the instances/);
    } finally {
      await sb.close();
    }
  });
});
