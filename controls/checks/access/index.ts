import type { Check } from '../../../src/types.js';
import { accessLeaversRemoved } from './access.leavers-removed.js';
import { accessMfaPerPerson } from './access.mfa-per-person.js';
import { accessOffboardingSla } from './access.offboarding-sla.js';
import { accessOrphanAccounts } from './access.orphan-accounts.js';
import { accessReviewCompleted } from './access.review-completed.js';
import { accessJoinersAuthorised } from './access.joiners-authorised.js';

export const accessChecks: Check<any>[] = [
  accessLeaversRemoved,
  accessOffboardingSla,
  accessOrphanAccounts,
  accessMfaPerPerson,
  accessReviewCompleted,
  accessJoinersAuthorised,
];
