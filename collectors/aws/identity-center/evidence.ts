/**
 * IAM Identity Center evidence. Every type has one scope: `<account>/<region>` of the account and region the
 * Identity Center instance is read from (the management or delegated-administrator account, `identityCenter.region`).
 */
export const IC_INSTANCE = 'aws.identitycenter.instance';
export const IC_USER = 'aws.identitycenter.user';
export const IC_GROUP = 'aws.identitycenter.group';
export const IC_PERMISSION_SET = 'aws.identitycenter.permission-set';
export const IC_ASSIGNMENT = 'aws.identitycenter.assignment';

export const IC_TYPES = [IC_INSTANCE, IC_USER, IC_GROUP, IC_PERMISSION_SET, IC_ASSIGNMENT];

/** `aws.identitycenter.instance` (sso-admin ListInstances). */
export interface IcInstance {
  instanceArn: string;
  identityStoreId: string;
  ownerAccountId?: string;
  name?: string;
  /** ACTIVE, CREATE_IN_PROGRESS, CREATE_FAILED, DELETE_IN_PROGRESS. */
  status: string;
  createdDate?: string;
  /**
   * Why always false: Identity Center's MFA settings (when to prompt, which authenticator types) and each user's
   * registered MFA devices are not in the public sso-admin or identitystore APIs; nothing here claims to know them.
   */
  mfaReadable: false;
}

/** `aws.identitycenter.user` (identitystore ListUsers). */
export interface IcUser {
  instanceArn: string;
  identityStoreId: string;
  userId: string;
  userName: string;
  displayName?: string;
  /** The primary email (else the first). */
  email?: string;
  /** ENABLED or DISABLED: a disabled user cannot sign in to the access portal. */
  status: string;
  /** When the user was created (`CreatedAt`); null when the answer does not say. */
  createdAt: string | null;
}

/** `aws.identitycenter.group` (identitystore ListGroups + ListGroupMemberships). */
export interface IcGroup {
  instanceArn: string;
  identityStoreId: string;
  groupId: string;
  displayName: string;
  /** UserIds of the members, every page. */
  members: string[];
}

/** `aws.identitycenter.permission-set` (ListPermissionSets + Describe + policies + provisioned accounts). */
export interface IcPermissionSet {
  instanceArn: string;
  arn: string;
  name: string;
  description?: string;
  sessionDuration?: string;
  createdDate?: string;
  managedPolicies: Array<{ name: string; arn: string }>;
  /** The inline policy document, or null when the permission set has none. */
  inlinePolicy: string | null;
  /** Accounts the permission set is provisioned to. */
  accounts: string[];
}

/** `aws.identitycenter.assignment` (ListAccountAssignments per permission set and provisioned account). */
export interface IcAssignment {
  instanceArn: string;
  accountId: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
}
