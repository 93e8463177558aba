import type { SandboxProvider } from '../server.js';

/** Placeholder until the aws sandbox server lands. */
export const awsProvider: SandboxProvider = {
  name: 'aws',
  create: () => () => ({ status: 501, operation: 'unimplemented', body: 'not implemented' }),
};
