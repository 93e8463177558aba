import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const NO_AWS_FILES = { AWS_CONFIG_FILE: '/nonexistent/soc2-e2e-config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/soc2-e2e-credentials' };

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('soc2 doctor (the built CLI)', () => {
  it('checks every demo source against the sandbox: all authenticate, every permission answers, exit 0, report on stdout', async () => {
    const r = await runCli(['doctor', '--demo'], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^aws\s+ok\s+arn:aws:/m);
    expect(r.stdout).toMatch(/^github\s+ok/m);
    expect(r.stdout).toMatch(/^okta\s+ok/m);
    expect(r.stdout).toContain('iam:GetAccountAuthorizationDetails');
    const json = await runCli(['doctor', '--demo', '--json'], { cwd: tempDir() });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, sources: [{ source: 'aws' }, { source: 'github' }, { source: 'okta' }] });
  }, 60_000);
});

describe('soc2 collect with sources that cannot authenticate', () => {
  it('stops before starting a bundle: exit 2, one line per source, "cannot reach HOST" within seconds', async () => {
    const cwd = tempDir();
    const port = await closedPort();
    writeFileSync(
      join(cwd, 'soc2.config.yaml'),
      [
        'organization: Acme',
        'sources:',
        '  aws: { regions: [us-east-1] }',
        `  github: { org: acme, token: "\${GH_TOKEN}", baseUrl: "http://127.0.0.1:${port}" }`,
        '',
      ].join('\n'),
    );
    const t0 = Date.now();
    const r = await runCli(['collect'], { cwd, env: { GH_TOKEN: 'not-a-real-token', ...NO_AWS_FILES } });
    expect(r.code, r.stderr).toBe(2);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.stderr).toContain('2 sources cannot be collected from; nothing was collected or written');
    expect(r.stderr).toMatch(/^ {2}aws: CredentialsProviderError/m);
    expect(r.stderr).toContain(`  github: cannot reach 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(r.stderr).not.toMatch(/HTTP 500|internal error|\n\s+at /);
    expect(existsSync(join(cwd, 'evidence'))).toBe(false);
    expect(r.stderr).not.toContain('not-a-real-token');
  }, 30_000);

  it('a missing Okta private-key file is bad input (exit 2) naming file:line:col, not a bundle of errors', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'soc2.config.yaml'),
      [
        'organization: Acme',
        'sources:',
        '  okta:',
        '    orgUrl: https://acme.okta.com',
        '    oauth: { clientId: 0oa1, privateKeyFile: keys/okta.pem }',
        '',
      ].join('\n'),
    );
    const r = await runCli(['collect'], { cwd });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /soc2\.config\.yaml:5:\d+ {2}\/sources\/okta\/oauth\/privateKeyFile {2}private key file not found or not readable: .*keys\/okta\.pem/,
    );
    expect(existsSync(join(cwd, 'evidence'))).toBe(false);
  }, 30_000);
});
