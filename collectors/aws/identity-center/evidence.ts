/**
 * IAM Identity Center evidence. Every type has one scope: `<account>/<region>` of the account and region the
 * Identity Center instance is read from (the management or delegated-administrator account, `identityCenter.region`).
 * The record types are generated from schemas/evidence/aws.identitycenter.*.schema.json.
 */
export type {
  AwsIdentitycenterAssignment as IcAssignment,
  AwsIdentitycenterGroup as IcGroup,
  AwsIdentitycenterInstance as IcInstance,
  AwsIdentitycenterPermissionSet as IcPermissionSet,
  AwsIdentitycenterUser as IcUser,
} from '../../../src/evidence/types.generated.js';

export const IC_INSTANCE = 'aws.identitycenter.instance';
export const IC_USER = 'aws.identitycenter.user';
export const IC_GROUP = 'aws.identitycenter.group';
export const IC_PERMISSION_SET = 'aws.identitycenter.permission-set';
export const IC_ASSIGNMENT = 'aws.identitycenter.assignment';

export const IC_TYPES = [IC_INSTANCE, IC_USER, IC_GROUP, IC_PERMISSION_SET, IC_ASSIGNMENT];
