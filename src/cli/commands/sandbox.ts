import type { Command } from 'commander';
import { DEMO_ENV } from '../../sandbox/demo.js';
import { action } from '../action.js';

export function register(program: Command): void {
  program
    .command('sandbox')
    .description('serve the built-in sandbox APIs (AWS, GitHub, Okta wire protocols) on 127.0.0.1 until interrupted')
    .option('--scenario <name>', 'scenario under fixtures/ (or a directory)', 'demo-org')
    .option('--latency <ms>', 'fixed latency added to every response', '0')
    .action(
      action(async (out, opts, flags: { scenario: string; latency: string }) => {
        // Loaded on demand: the CLI imports every command module, and only this command (or a demo) needs the sandbox.
        const { loadScenario, startSandbox } = await import('../../sandbox/index.js');
        const sandbox = await startSandbox(loadScenario(flags.scenario), { latencyMs: Number(flags.latency) || 0 });
        const info = { scenario: flags.scenario, urls: sandbox.urls, credentials: DEMO_ENV };
        if (opts.json) out.json(info);
        else {
          for (const [name, url] of Object.entries(sandbox.urls)) out.info(`${name.padEnd(7)} ${url}`);
          out.info('\nSandbox credentials (test values, accepted only here):');
          for (const [k, v] of Object.entries(DEMO_ENV)) out.info(`  export ${k}=${v}`);
          out.info('\nPoint a config at it: sources.aws.endpoint, sources.github.baseUrl, sources.okta.orgUrl. Ctrl-C stops it.');
        }
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await sandbox.close();
      }),
    );
}
