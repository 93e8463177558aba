/**
 * The AWS SDK modules of account discovery (STS, Organizations) and of the IAM and CloudTrail collectors, loaded when a
 * run prepares a collector that needs them (or at first use), never when the CLI starts: `soc2 check`, `pack` and the
 * other offline commands import every collector's description and no SDK. The regional collectors load their own
 * (`RegionalSpec.load`). Each module is imported once; later calls get the same promise.
 */
export type IamSdk = typeof import('@aws-sdk/client-iam');
export type CloudtrailSdk = typeof import('@aws-sdk/client-cloudtrail');
export type StsSdk = typeof import('@aws-sdk/client-sts');
export type OrganizationsSdk = typeof import('@aws-sdk/client-organizations');

let iam: Promise<IamSdk> | undefined;
let cloudtrail: Promise<CloudtrailSdk> | undefined;
let sts: Promise<StsSdk> | undefined;
let organizations: Promise<OrganizationsSdk> | undefined;

export const loadIam = (): Promise<IamSdk> => (iam ??= import('@aws-sdk/client-iam'));
export const loadCloudtrail = (): Promise<CloudtrailSdk> => (cloudtrail ??= import('@aws-sdk/client-cloudtrail'));
export const loadSts = (): Promise<StsSdk> => (sts ??= import('@aws-sdk/client-sts'));
export const loadOrganizations = (): Promise<OrganizationsSdk> => (organizations ??= import('@aws-sdk/client-organizations'));

/** What every AWS collector needs before it collects: account discovery's SDKs. */
export async function loadDiscovery(): Promise<void> {
  await Promise.all([loadSts(), loadOrganizations()]);
}
