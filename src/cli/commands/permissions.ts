import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { builtinRegistry } from '../../engine/registry.js';
import { planCollectors } from '../../engine/run.js';
import { action } from '../action.js';
import { ALL_ENGINES, awsPolicyDocument } from '../../../collectors/aws/permissions.js';
import type { AwsAggregation } from '../../../collectors/aws/config.js';
import { setup } from '../setup.js';

/** The audit roles a config assumes, as IAM resources (the organisation role in any member account, or listed ARNs). */
function auditRoles(aws: Record<string, unknown> | undefined): string[] {
  const org = (aws?.organization as { roleName?: string } | undefined)?.roleName;
  const listed = ((aws?.accounts as Array<{ roleArn?: string }> | undefined) ?? []).map((a) => a.roleArn).filter((r): r is string => Boolean(r));
  const roles = [...(org ? [`arn:aws:iam::*:role/${org}`] : []), ...listed];
  return roles.length ? roles : ['*'];
}

export function register(program: Command): void {
  program
    .command('permissions')
    .description('the least-privilege IAM policy, GitHub scopes and Okta scopes the enabled collectors need')
    .option('--source <name>', 'only this source (aws, github, okta)')
    .option('--demo', 'use the demo configuration')
    .option('--aggregation', "the policy of AWS aggregation mode (sources.aws.aggregation; default: the config's mode)")
    .action(
      action(async (out, opts, flags: { source?: string; demo?: boolean; aggregation?: boolean }) => {
        const configured = flags.demo || existsSync(opts.config ?? 'soc2.config.yaml');
        // Without a config, show what every built-in collector needs.
        const s = configured ? await setup(opts, { demo: flags.demo }) : undefined;
        const collectors = s ? planCollectors(s.registry, s.controlMap, s.loaded.config.sources) : builtinRegistry().collectors;
        const bySource = new Map<string, string[]>();
        for (const c of collectors)
          if (!flags.source || c.meta.source === flags.source) bySource.set(c.meta.source, [...(bySource.get(c.meta.source) ?? []), ...c.meta.permissions]);
        const result: Record<string, unknown> = {};
        const configured2 = (s?.loaded.config.sources.aws as { aggregation?: AwsAggregation } | undefined)?.aggregation;
        const aggregation = flags.aggregation ? (configured2 ?? ALL_ENGINES) : configured2;
        for (const [source, perms] of bySource) {
          result[source] =
            source === 'aws'
              ? awsPolicyDocument(
                  collectors.filter((c) => c.meta.source === 'aws').map((c) => c.meta.id),
                  auditRoles(s?.loaded.config.sources.aws),
                  aggregation,
                )
              : [...new Set(perms)].sort();
        }
        if (opts.json || flags.source === 'aws') return void out.json(flags.source ? (result[flags.source] ?? {}) : result);
        for (const [source, value] of Object.entries(result)) {
          out.stdout(`# ${source}`);
          out.stdout(Array.isArray(value) ? value.map((v) => `- ${v}`).join('\n') : JSON.stringify(value, null, 2));
          out.stdout('');
        }
      }),
    );
}
