/** Test support for the AWS collectors: the sandbox with an AWS scenario, and the base credentials in the env. */
import { loadScenario, startSandbox, type FaultSpec, type Sandbox } from '../../src/sandbox/index.js';
import { SANDBOX_BASE_CREDENTIALS, type AwsScenario } from '../../src/sandbox/aws/index.js';
import type { AwsConfig } from './config.js';

export const TEST_NOW = new Date('2026-11-22T12:00:00Z');

/** A deep copy of the demo organisation's AWS data. */
export function demoAws(): AwsScenario {
  return structuredClone(loadScenario('demo-org').providers.aws as AwsScenario);
}

export function startAws(data: AwsScenario, faults: FaultSpec[] = []): Promise<Sandbox> {
  return startSandbox({ name: 't', providers: { aws: data }, faults }, { now: () => TEST_NOW });
}

/** The config a user would write, pointed at the sandbox, with fast retries. */
export function awsConfig(sandbox: Sandbox, extra: Partial<AwsConfig> = {}): AwsConfig {
  return {
    regions: ['us-east-1', 'eu-west-1'],
    organization: { roleName: 'soc2-audit' },
    endpoint: sandbox.urls.aws,
    maxAttempts: 4,
    retryBaseMs: 2,
    lookupEventsPerSecond: 0,
    ...extra,
  };
}

/** Puts the sandbox's base credentials where the SDK's default chain reads them; returns the restore function. */
export function useBaseCredentials(): () => void {
  const keys = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  process.env.AWS_ACCESS_KEY_ID = SANDBOX_BASE_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = SANDBOX_BASE_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  return () => {
    for (const k of keys) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  };
}
