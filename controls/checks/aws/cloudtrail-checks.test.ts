import { describe, expect, it } from 'vitest';
import { judge } from '../../../test/helpers/evidence.js';
import { awsChecks } from './index.js';

const S = '111111111111/us-east-1';
const trail = (o: Record<string, unknown> = {}, status: Record<string, unknown> = {}) => ({
  account: '111111111111',
  region: 'us-east-1',
  name: 't',
  arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t',
  homeRegion: 'us-east-1',
  shadow: false,
  isMultiRegionTrail: true,
  isOrganizationTrail: false,
  logFileValidationEnabled: true,
  kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k',
  cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:ct:*',
  eventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
  ...o,
  status: { isLogging: true, latestDeliveryTime: '2026-11-22T11:00:00.000Z', latestCloudWatchLogsDeliveryTime: '2026-11-22T11:00:00.000Z', ...status },
});
const trails = (...t: object[]) => ({ 'aws.cloudtrail.trail': { [S]: t } });
const ev = (name: string, o: Record<string, unknown> = {}) => ({
  account: '111111111111',
  region: 'us-east-1',
  eventId: name,
  eventName: name,
  eventTime: '2026-11-20T00:00:00.000Z',
  username: 'alice',
  sourceIPAddress: '192.0.2.1',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice' },
  ...o,
});
const login = (o: Record<string, unknown> = {}, mfa = 'Yes') =>
  ev('ConsoleLogin', { responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: mfa }, ...o });
const events = (...e: object[]) => ({ 'aws.cloudtrail.event': { [S]: e } });
const rootId = { username: 'root', userIdentity: { type: 'Root', arn: 'arn:aws:iam::111111111111:root' } };
const check = (id: string) => awsChecks.find((c) => c.meta.id === id)!;

type Case = [string, Record<string, Record<string, unknown[]>>, string, Record<string, unknown>?];
const table: Record<string, Case[]> = {
  'aws.cloudtrail.multi-region-logging': [
    ['logging multi-region', trails(trail()), 'pass'],
    ['stopped', trails(trail({}, { isLogging: false })), 'fail'],
    ['writes only', trails(trail({ eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] })), 'fail'],
    ['no trail', trails(), 'fail'],
  ],
  'aws.cloudtrail.log-file-validation': [
    ['on', trails(trail()), 'pass'],
    ['off', trails(trail({ logFileValidationEnabled: false })), 'fail'],
    ['no trails', trails(), 'not-applicable'],
  ],
  'aws.cloudtrail.kms-encryption': [
    ['kms', trails(trail()), 'pass'],
    ['no kms', trails(trail({ kmsKeyId: undefined })), 'fail'],
    ['no trails', trails(), 'not-applicable'],
  ],
  'aws.cloudtrail.delivery-healthy': [
    ['recent', trails(trail()), 'pass'],
    ['stale', trails(trail({}, { latestDeliveryTime: '2026-11-10T00:00:00.000Z' })), 'fail'],
    ['error', trails(trail({}, { latestDeliveryError: 'AccessDenied' })), 'fail'],
    ['no trails', trails(), 'not-applicable'],
  ],
  'aws.cloudtrail.cloudwatch-integration': [
    ['integrated', trails(trail()), 'pass'],
    ['none', trails(trail({ cloudWatchLogsLogGroupArn: undefined })), 'fail'],
    ['no trails', trails(), 'not-applicable'],
  ],
  'aws.cloudtrail.no-tampering': [
    ['none', events(login()), 'pass'],
    ['StopLogging by user', events(ev('StopLogging')), 'fail'],
    ['by allowed actor', events(ev('UpdateTrail')), 'pass', { allowedActors: ['arn:aws:iam::111111111111:user/*'] }],
  ],
  'aws.cloudtrail.root-console-logins': [
    ['none', events(login()), 'pass'],
    ['root login', events(login(rootId)), 'fail'],
    ['within max', events(login(rootId)), 'pass', { max: 1 }],
    // A root sign-in is a finding whatever its MFA, and whether or not the event states it.
    ['root login without MFAUsed', events(login({ ...rootId, additionalEventData: {} })), 'fail'],
  ],
  'aws.cloudtrail.console-logins-without-mfa': [
    ['with mfa', events(login()), 'pass'],
    ['without', events(login({}, 'No')), 'fail'],
    ['failed attempt', events(login({ responseElements: { ConsoleLogin: 'Failure' } }, 'No')), 'pass'],
    // An IAM user sign-in whose event does not say whether MFA was used cannot pass.
    ['MFAUsed absent', events(login({ additionalEventData: {} })), 'error'],
  ],
};

describe('aws.cloudtrail checks', () => {
  for (const [id, cases] of Object.entries(table)) {
    describe(id, () => {
      for (const [name, records, status, params] of cases) {
        it(`${name} → ${status}`, () => {
          const r = judge(check(id), { records }, params ?? {});
          expect(r.status).toBe(status);
          if (status === 'fail') expect(r.findings.find((f) => f.status === 'fail')!.resource).toMatch(/^arn:aws:/);
        });
      }
      it('an errored scope → error', () => {
        const type = check(id).meta.requires[0]!;
        expect(judge(check(id), { records: cases[0]![1], errors: [{ type, scope: '222222222222/us-east-1', cause: 'denied' }] }).status).toBe('error');
      });
    });
  }
});
