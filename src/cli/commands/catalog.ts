import type { Command } from 'commander';
import { registryFor } from '../setup.js';
import { action } from '../action.js';
import { builtinRegistry } from '../../engine/registry.js';

const builtinCollectorIds = () => builtinRegistry().collectors.map((c) => c.meta.id);
const builtinCheckIds = () => [...builtinRegistry().checks.keys()];
import { clip, table } from '../../util/table.js';

export function register(program: Command): void {
  program
    .command('collectors')
    .description('the collectors with the evidence types they produce and the permissions they need')
    .action(
      action(async (out, opts) => {
        const reg = await registryFor(opts);
        const builtin = new Set(builtinCollectorIds());
        // Why not `thread` itself: it is a module URL on this machine; scripts only need to know where it runs.
        const list = reg.collectors.map(({ meta: { thread, ...meta } }) => ({
          ...meta,
          ownThread: Boolean(thread),
          origin: builtin.has(meta.id) ? 'built-in' : 'plugin',
        }));
        if (opts.json) return void out.json(list);
        out.stdout(
          table(
            ['COLLECTOR', 'SOURCE', 'ORIGIN', 'EVIDENCE TYPES', 'PERMISSIONS'],
            list.map((c) => [c.id, c.source, c.origin, c.produces.join(', '), String(c.permissions.length)]),
          ),
        );
      }),
    );
  program
    .command('checks')
    .description('the checks with what they read, their parameters and remediation')
    .action(
      action(async (out, opts) => {
        const reg = await registryFor(opts);
        const builtin = new Set(builtinCheckIds());
        const list = [...reg.checks.values()].map((c) => ({ ...c.meta, origin: builtin.has(c.meta.id) ? 'built-in' : 'plugin' }));
        if (opts.json) return void out.json(list);
        out.stdout(
          table(
            ['CHECK', 'ORIGIN', 'TITLE', 'READS'],
            list.map((c) => [c.id, c.origin, clip(c.title, 60), c.requires.join(', ')]),
          ),
        );
      }),
    );
}
