import type { Check } from '../../../src/types.js';
import { oktaAdminsSuperAdminCount } from './okta.admins.super-admin-count.js';
import { oktaPolicyMfaRequired } from './okta.policy.mfa-required.js';
import { oktaPolicyPassword } from './okta.policy.password.js';
import { oktaPolicySessionLimits } from './okta.policy.session-limits.js';
import { oktaUsersDeprovisionedPromptly } from './okta.users.deprovisioned-promptly.js';
import { oktaUsersInactive } from './okta.users.inactive.js';
import { oktaUsersMfaEnrolled } from './okta.users.mfa-enrolled.js';
import { oktaAdminsGrantsReviewed } from './okta.admins.grants-reviewed.js';
import { oktaAdminConsoleMfa } from './okta.admin-console.mfa.js';
import { oktaApiTokens } from './okta.api-tokens.js';
import { oktaLogsStreaming } from './okta.logs.streaming.js';

export const oktaChecks: Check<any>[] = [
  oktaUsersMfaEnrolled,
  oktaPolicyMfaRequired,
  oktaPolicyPassword,
  oktaPolicySessionLimits,
  oktaUsersInactive,
  oktaAdminsSuperAdminCount,
  oktaUsersDeprovisionedPromptly,
  oktaAdminsGrantsReviewed,
  oktaAdminConsoleMfa,
  oktaApiTokens,
  oktaLogsStreaming,
];
