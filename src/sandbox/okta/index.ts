import type { SandboxProvider } from '../server.js';

/** Placeholder until the okta sandbox server lands. */
export const oktaProvider: SandboxProvider = {
  name: 'okta',
  create: () => () => ({ status: 501, operation: 'unimplemented', body: 'not implemented' }),
};
