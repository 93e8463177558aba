import type { SandboxEnv } from '../server.js';
import { SANDBOX_BASE_CREDENTIALS, type AwsAccountSpec, type AwsScenario } from './model.js';

/** Per-account mutable state (credential report generation). */
export interface AccountState {
  spec: AwsAccountSpec;
  id: string;
  report?: { generated: Date; pollsLeft: number; csv?: string };
}

/** A temporary credential handed out by sts:AssumeRole. */
export interface Session {
  account: string;
  roleName: string;
  sessionName: string;
  roleId: string;
}

/** Everything the AWS sandbox serves, indexed once. */
export interface World {
  scenario: AwsScenario;
  env: SandboxEnv;
  /** The sandbox clock when the scenario was loaded: relative scenario times resolve against it. */
  base: Date;
  accounts: Map<string, AccountState>;
  management: string;
  baseKeyId: string;
  sessions: Map<string, Session>;
  /** Per-operation memo of indexes built lazily (authorization details, events). */
  memo: Map<string, unknown>;
}

export function buildWorld(scenario: AwsScenario, env: SandboxEnv): World {
  if (!scenario?.accounts?.length) throw new Error('aws scenario: `accounts` is empty');
  const accounts = new Map<string, AccountState>();
  for (const spec of scenario.accounts) {
    const id = String(spec.id);
    if (!/^\d{12}$/.test(id)) throw new Error(`aws scenario: account id '${id}' is not 12 digits (quote it in YAML)`);
    accounts.set(id, { spec: { ...spec, id }, id });
  }
  const management = String(scenario.organization?.management ?? scenario.accounts[0]!.id);
  if (!accounts.has(management)) throw new Error(`aws scenario: management account ${management} is not in accounts`);
  return {
    scenario,
    env,
    base: env.now(),
    accounts,
    management,
    baseKeyId: scenario.accessKeyId ?? SANDBOX_BASE_CREDENTIALS.accessKeyId,
    sessions: new Map(),
    memo: new Map(),
  };
}

/** Memoised per-key index (built on first use). */
export function memo<T>(world: World, key: string, build: () => T): T {
  let v = world.memo.get(key) as T | undefined;
  if (v === undefined) {
    v = build();
    world.memo.set(key, v);
  }
  return v;
}

/** The principal behind an access key id: the base IAM user, or an assumed-role session. */
export function principalOf(world: World, keyId: string): { account: string; session?: Session } | undefined {
  if (keyId === world.baseKeyId) return { account: world.management };
  const s = world.sessions.get(keyId);
  return s ? { account: s.account, session: s } : undefined;
}
