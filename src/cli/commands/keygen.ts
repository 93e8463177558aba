import type { Command } from 'commander';
import { writeKeyPair, type KeyPairFiles } from '../../pack/sign.js';
import { EXIT, InputError } from '../../util/exit.js';
import { action } from '../action.js';
import type { GlobalOptions, Output } from '../output.js';

export function register(program: Command): void {
  program
    .command('keygen')
    .description('write an Ed25519 key pair for signing packs: PREFIX.key (private, mode 0600) and PREFIX.pub')
    .option('-o, --output <prefix>', 'file name prefix', 'soc2-signing')
    .action(action(runKeygen));
}

export async function runKeygen(out: Output, opts: GlobalOptions, flags: { output?: string } = {}): Promise<number> {
  const prefix = flags.output ?? 'soc2-signing';
  let files: KeyPairFiles;
  try {
    files = await writeKeyPair(prefix);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EEXIST') throw new InputError(`${e.path ?? prefix}: already exists; not overwriting a key`, ['  choose another prefix with -o PREFIX']);
    if (e.code === 'ENOENT' || e.code === 'EACCES') throw new InputError(`${e.path ?? prefix}: cannot write (${e.code})`);
    throw err;
  }
  if (opts.json) out.json(files);
  out.info(`wrote ${files.privateKey} (private key, keep it secret) and ${files.publicKey}`);
  out.info(`fingerprint ${files.fingerprint}`);
  out.info(out.c.dim(`sign a pack: soc2 pack --sign ${files.privateKey}; auditors check it with: soc2 verify PACK --key ${files.publicKey}`));
  return EXIT.ok;
}
