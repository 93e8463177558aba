import type { Command } from 'commander';
import { builtinRegistry } from '../../engine/registry.js';
import { action } from '../main.js';
import { clip, table } from '../table.js';

export function register(program: Command): void {
  program
    .command('collectors')
    .description('the collectors with the evidence types they produce and the permissions they need')
    .action(
      action(async (out, opts) => {
        const reg = builtinRegistry();
        const list = reg.collectors.map((c) => ({ ...c.meta, origin: 'built-in' }));
        if (opts.json) return void out.json(list);
        out.stdout(table(['COLLECTOR', 'SOURCE', 'EVIDENCE TYPES', 'PERMISSIONS'], list.map((c) => [c.id, c.source, c.produces.join(', '), String(c.permissions.length)])));
      }),
    );
  program
    .command('checks')
    .description('the checks with what they read, their parameters and remediation')
    .action(
      action(async (out, opts) => {
        const reg = builtinRegistry();
        const list = [...reg.checks.values()].map((c) => ({ ...c.meta, origin: 'built-in' }));
        if (opts.json) return void out.json(list);
        out.stdout(table(['CHECK', 'TITLE', 'READS'], list.map((c) => [c.id, clip(c.title, 60), c.requires.join(', ')])));
      }),
    );
}
