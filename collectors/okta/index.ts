import type { Collector } from '../../src/types.js';
import { oktaCollector } from './collector.js';
import { OKTA_SCOPES } from './config.js';

export const oktaCollectors: Collector<any>[] = [oktaCollector];

/** For `soc2 permissions`: the OAuth scopes of the Okta service app, each with what it is used for. */
export function oktaPermissions(): Array<{ scope: string; reason: string }> {
  return Object.entries(OKTA_SCOPES).map(([scope, reason]) => ({ scope, reason }));
}

export { oktaCollector };
export type { OktaConfig } from './config.js';
