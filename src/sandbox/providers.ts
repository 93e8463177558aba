import type { SandboxProvider } from './server.js';
import { awsProvider } from './aws/index.js';
import { githubProvider } from './github/index.js';
import { oktaProvider } from './okta/index.js';

/** Sandbox providers by name; a scenario's `<name>.yaml` is served by `providers[name]`. */
export const providers: Record<string, SandboxProvider> = {
  aws: awsProvider,
  github: githubProvider,
  okta: oktaProvider,
};
