import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { builtinRegistry } from '../../engine/registry.js';
import { planCollectors } from '../../engine/run.js';
import { action } from '../main.js';
import { setup } from '../setup.js';

/** The least-privilege IAM policy for a set of IAM actions (read-only; resource-level scoping is not offered by these APIs). */
export function iamPolicy(actions: string[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Soc2EvidenceReadOnly', Effect: 'Allow', Action: [...new Set(actions)].sort(), Resource: '*' }] };
}

export function register(program: Command): void {
  program
    .command('permissions')
    .description('the least-privilege IAM policy, GitHub scopes and Okta scopes the enabled collectors need')
    .option('--source <name>', 'only this source (aws, github, okta)')
    .option('--demo', 'use the demo configuration')
    .action(
      action(async (out, opts, flags: { source?: string; demo?: boolean }) => {
        const configured = flags.demo || existsSync(opts.config ?? 'soc2.config.yaml');
        // Without a config, show what every built-in collector needs.
        const collectors = configured
          ? await (async () => {
              const s = await setup(opts, { demo: flags.demo });
              return planCollectors(s.registry, s.controlMap, s.loaded.config.sources);
            })()
          : builtinRegistry().collectors;
        const bySource = new Map<string, string[]>();
        for (const c of collectors) if (!flags.source || c.meta.source === flags.source) bySource.set(c.meta.source, [...(bySource.get(c.meta.source) ?? []), ...c.meta.permissions]);
        const result: Record<string, unknown> = {};
        for (const [source, perms] of bySource) result[source] = source === 'aws' ? iamPolicy(perms) : [...new Set(perms)].sort();
        if (opts.json || flags.source === 'aws') return void out.json(flags.source ? result[flags.source] ?? {} : result);
        for (const [source, value] of Object.entries(result)) {
          out.stdout(`# ${source}`);
          out.stdout(Array.isArray(value) ? value.map((v) => `- ${v}`).join('\n') : JSON.stringify(value, null, 2));
          out.stdout('');
        }
      }),
    );
}
