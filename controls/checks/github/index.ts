import type { Check } from '../../../src/types.js';
import { basePermission } from './github.org.base-permission.js';
import { collaborator2fa } from './github.org.collaborator-2fa.js';
import { memberPrivileges } from './github.org.member-privileges.js';
import { membersWithout2fa } from './github.org.members-without-2fa.js';
import { outsideCollaboratorsAdmin } from './github.org.outside-collaborators-admin.js';
import { ownerCount } from './github.org.owner-count.js';
import { scanningAlertSla } from './github.org.scanning-alert-sla.js';
import { thirdPartyAccess } from './github.org.third-party-access.js';
import { twoFactorRequired } from './github.org.two-factor-required.js';
import { workflowPermissions } from './github.org.workflow-permissions.js';
import { mergedWithReview } from './github.pr.merged-with-review.js';
import { defaultBranchProtected } from './github.repo.default-branch-protected.js';
import { dependabot } from './github.repo.dependabot.js';
import { noForcePush } from './github.repo.no-force-push.js';
import { requiredReviews } from './github.repo.required-reviews.js';
import { secretScanning } from './github.repo.secret-scanning.js';
import { statusChecksRequired } from './github.repo.status-checks-required.js';

export const githubChecks: Check<any>[] = [
  twoFactorRequired,
  membersWithout2fa,
  ownerCount,
  basePermission,
  outsideCollaboratorsAdmin,
  defaultBranchProtected,
  requiredReviews,
  noForcePush,
  secretScanning,
  dependabot,
  mergedWithReview,
  memberPrivileges,
  workflowPermissions,
  collaborator2fa,
  statusChecksRequired,
  scanningAlertSla,
  thirdPartyAccess,
];
