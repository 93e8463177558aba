import { resolve } from 'node:path';

/**
 * Makes `app.privateKeyFile` absolute against the config file's folder, like the roster and documents paths.
 * Called by config setup (src/config/sources.ts) with the loaded config's directory. Its own module: setup runs in
 * every command, and @octokit/auth-app (auth.ts) loads only where a GitHub client is made.
 */
export function resolveGithubPaths(section: { app?: { privateKeyFile?: string } }, configDir: string): void {
  if (section.app?.privateKeyFile) section.app.privateKeyFile = resolve(configDir, section.app.privateKeyFile);
}
