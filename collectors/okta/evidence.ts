/** Record shapes of the Okta org-security evidence types, generated from schemas/evidence/okta.*.schema.json. */
export type { OktaApiToken, OktaAppAdminConsole as OktaAdminConsoleApp, OktaEventHook, OktaLogStream } from '../../src/evidence/types.generated.js';
