import type { SandboxProvider } from '../server.js';

/** Placeholder until the github sandbox server lands. */
export const githubProvider: SandboxProvider = {
  name: 'github',
  create: () => () => ({ status: 501, operation: 'unimplemented', body: 'not implemented' }),
};
