/**
 * The AWS Config aggregator (awsJson1_1, `StarlingDoveService.*`): DescribeConfigurationAggregators,
 * DescribeConfigurationAggregatorSourcesStatus (Limit ≤ 100, NextToken) and SelectAggregateResourceConfig (Limit ≤ 100,
 * NextToken; `Results` are JSON strings). It lives in one account and region (`aggregation.configAggregator`) and
 * holds every account's network estate and RDS instances and clusters, from the same scenario data that EC2 and RDS
 * serve, in each enabled region. The
 * sandbox answers only `… WHERE resourceType = '<type>'` expressions (each result carries accountId, awsRegion,
 * resourceId, resourceType, configurationItemStatus and configuration, whatever the SELECT list).
 */
import type { AwsCall } from './index.js';
import { stableId, timeOf } from './model.js';
import { DEFAULT_REGIONS, type AwsNetworkSpec } from './network.js';
import { pageOf } from './pages.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';
import { regionOf } from './resources.js';

export const AGGREGATOR_OPS = new Set(['DescribeConfigurationAggregators', 'DescribeConfigurationAggregatorSourcesStatus', 'SelectAggregateResourceConfig']);

export function configAggregator(call: AwsCall): AwsAnswer {
  const spec = call.world.scenario.aggregation?.configAggregator;
  const name = spec?.name ?? 'org-aggregator';
  const home = spec && String(spec.account ?? call.world.management) === call.account.id && (spec.region ?? 'us-east-1') === call.region;
  const asked = (call.json.ConfigurationAggregatorName as string | undefined) ?? (call.json.ConfigurationAggregatorNames as string[] | undefined)?.[0];
  if (!home || (asked !== undefined && asked !== name))
    return fail('NoSuchConfigurationAggregatorException', `The configuration aggregator '${asked ?? ''}' does not exist.`);
  const limit = Number(call.json.Limit ?? 0) || 100;
  if (limit < 0 || limit > 100) return fail('InvalidLimitException', 'Limit must be between 0 and 100');
  const base = call.world.base;
  switch (call.op) {
    case 'DescribeConfigurationAggregators':
      return okJson({
        ConfigurationAggregators: [
          {
            ConfigurationAggregatorName: name,
            ConfigurationAggregatorArn: `arn:aws:config:${call.region}:${call.account.id}:config-aggregator/config-aggregator-${stableId(name, 8).toLowerCase()}`,
            OrganizationAggregationSource: { RoleArn: `arn:aws:iam::${call.account.id}:role/config-aggregator`, AllAwsRegions: true },
            CreationTime: epoch(timeOf('-400d', base)),
            LastUpdatedTime: epoch(timeOf('-1h', base)),
          },
        ],
      });
    case 'DescribeConfigurationAggregatorSourcesStatus': {
      const page = pageOf(sources(call), call.json.NextToken, limit);
      if (!page) return fail('InvalidNextTokenException', 'The specified next token is invalid.');
      return okJson({
        AggregatedSourceStatusList: page.items.map((s) => ({
          SourceId: s.account,
          SourceType: 'ORGANIZATION',
          AwsRegion: s.region,
          LastUpdateStatus: s.status,
          LastUpdateTime: epoch(timeOf(s.status === 'OUTDATED' ? '-3d' : '-20m', base)),
          ...(s.status === 'FAILED' ? { LastErrorCode: 'AccessDenied', LastErrorMessage: 'The aggregator role cannot read the source.' } : {}),
        })),
        ...(page.next ? { NextToken: page.next } : {}),
      });
    }
    case 'SelectAggregateResourceConfig': {
      const type = /resourceType\s*=\s*'([^']+)'/.exec(String(call.json.Expression ?? ''))?.[1];
      if (!type) return fail('InvalidExpressionException', 'The sandbox answers only expressions with WHERE resourceType = ...');
      const items = sources(call).flatMap((s) => itemsOf(call, s.account, s.region, type));
      const page = pageOf(items, call.json.NextToken, limit);
      if (!page) return fail('InvalidNextTokenException', 'The specified next token is invalid.');
      return okJson({
        Results: page.items.map((i) => JSON.stringify(i)),
        QueryInfo: { SelectFields: ['accountId', 'awsRegion', 'resourceId', 'configurationItemStatus', 'configuration'].map((Name) => ({ Name })) },
        ...(page.next ? { NextToken: page.next } : {}),
      });
    }
    default:
      return fail('UnknownOperationException', `unknown operation ${call.op}`);
  }
}

/** Every account's enabled regions, with the source status the scenario gives them (missing sources left out). */
function sources(call: AwsCall): Array<{ account: string; region: string; status: string }> {
  const over = call.world.scenario.aggregation?.configAggregator?.sources ?? {};
  const out: Array<{ account: string; region: string; status: string }> = [];
  for (const [account, state] of call.world.accounts) {
    for (const region of state.spec.network?.regions ?? DEFAULT_REGIONS) {
      const status = over[`${account}/${region}`] ?? 'SUCCEEDED';
      if (status !== 'missing') out.push({ account, region, status });
    }
  }
  return out;
}

function itemsOf(call: AwsCall, account: string, region: string, type: string): unknown[] {
  const spec: AwsNetworkSpec = call.world.accounts.get(account)!.spec.network ?? {};
  const here = <T extends { region?: string }>(list: T[] | undefined) => (list ?? []).filter((x) => regionOf(x) === region);
  const item = (resourceId: string, configuration: unknown) => ({
    accountId: account,
    awsRegion: region,
    resourceId,
    resourceType: type,
    configurationItemStatus: 'OK',
    configuration,
  });
  switch (type) {
    case 'AWS::EC2::VPC':
      return here(spec.vpcs).map((v) =>
        item(v.id, {
          vpcId: v.id,
          ownerId: account,
          state: 'available',
          cidrBlock: v.cidr ?? '10.0.0.0/16',
          isDefault: v.default ?? false,
          instanceTenancy: 'default',
          dhcpOptionsId: 'dopt-0a1b2c3d',
          tags: [],
        }),
      );
    case 'AWS::EC2::FlowLog':
      return here(spec.vpcs)
        .filter((v) => v.flowLog)
        .map((v) => {
          const f = v.flowLog === true ? {} : (v.flowLog as Exclude<typeof v.flowLog, boolean | undefined>);
          const dest = f.destination ?? 'cloud-watch-logs';
          const id = `fl-${stableId(`${account}/${v.id}`, 17, '0123456789abcdef')}`;
          return item(id, {
            Id: id,
            ResourceId: v.id,
            ResourceType: 'VPC',
            TrafficType: f.traffic ?? 'ALL',
            LogDestinationType: dest,
            LogDestination: dest === 's3' ? `arn:aws:s3:::flow-logs-${account}` : `arn:aws:logs:${region}:${account}:log-group:/vpc/flow-logs/${v.id}`,
          });
        });
    case 'AWS::EC2::SecurityGroup':
      return here(spec.securityGroups).map((g) =>
        item(g.id, {
          groupId: g.id,
          groupName: g.name ?? g.id,
          description: `${g.name ?? g.id} security group`,
          ownerId: account,
          vpcId: g.vpc,
          ipPermissions: (g.ingress ?? []).map((p) => {
            const proto = p.protocol ?? 'tcp';
            return {
              ipProtocol: proto,
              ...(proto === '-1' ? {} : { fromPort: p.from ?? 0, toPort: p.to ?? p.from ?? 65535 }),
              ipv4Ranges: (p.cidrs ?? []).map((cidrIp) => ({ cidrIp })),
              ipRanges: p.cidrs ?? [],
              ipv6Ranges: (p.ipv6 ?? []).map((cidrIpv6) => ({ cidrIpv6 })),
              prefixListIds: (p.prefixLists ?? []).map((prefixListId) => ({ prefixListId })),
              userIdGroupPairs: (p.groups ?? []).map((groupId) => ({ groupId, userId: account })),
            };
          }),
          ipPermissionsEgress: [
            { ipProtocol: '-1', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipRanges: ['0.0.0.0/0'], ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [] },
          ],
          tags: [],
        }),
      );
    case 'AWS::EC2::NetworkInterface':
      return here(spec.securityGroups).flatMap((g) =>
        Array.from({ length: g.attached ?? 0 }, (_, i) => {
          const id = `eni-${stableId(`${account}/${g.id}/${i}`, 17, '0123456789abcdef')}`;
          return item(id, {
            networkInterfaceId: id,
            vpcId: g.vpc,
            subnetId: `subnet-${stableId(g.vpc, 8, '0123456789abcdef')}`,
            status: 'in-use',
            groups: [{ groupId: g.id, groupName: g.name ?? g.id }],
            interfaceType: 'interface',
          });
        }),
      );
    case 'AWS::EC2::PrefixList':
      // Why only the account's own: AWS-managed prefix lists are not configuration items of any account.
      return here(spec.prefixLists)
        .filter((p) => !p.aws)
        .map((p) =>
          item(p.id, {
            PrefixListId: p.id,
            PrefixListName: p.name ?? p.id,
            AddressFamily: p.family ?? 'IPv4',
            MaxEntries: Math.max(p.entries.length, 10),
            OwnerId: account,
            Entries: p.entries.map((Cidr) => ({ Cidr })),
          }),
        );
    case 'AWS::RDS::DBInstance':
      return here(call.world.accounts.get(account)!.spec.rds?.instances).map((d) => {
        const encrypted = d.encrypted ?? true;
        return {
          ...item(d.id, {
            dBInstanceIdentifier: d.id,
            dBInstanceClass: 'db.t4g.medium',
            engine: d.engine ?? (d.cluster ? 'aurora-postgresql' : 'postgres'),
            dBInstanceStatus: 'available',
            backupRetentionPeriod: d.backupDays ?? 7,
            multiAZ: d.multiAz ?? false,
            publiclyAccessible: d.public ?? false,
            storageEncrypted: encrypted,
            ...(encrypted ? { kmsKeyId: kmsOf(account, region, d.cluster ?? d.id) } : {}),
            dBInstanceArn: `arn:aws:rds:${region}:${account}:db:${d.id}`,
            ...(d.cluster ? { dBClusterIdentifier: d.cluster } : {}),
            deletionProtection: d.deletionProtection ?? false,
          }),
          tags: Object.entries(d.tags ?? {}).map(([key, value]) => ({ key, value })),
        };
      });
    case 'AWS::RDS::DBCluster': {
      const rds = call.world.accounts.get(account)!.spec.rds;
      return here(rds?.clusters).map((c) => {
        const encrypted = c.encrypted ?? true;
        const members = here(rds?.instances).filter((i) => i.cluster === c.id);
        return {
          ...item(c.id, {
            dBClusterIdentifier: c.id,
            status: 'available',
            engine: c.engine ?? 'aurora-postgresql',
            backupRetentionPeriod: c.backupDays ?? 7,
            multiAZ: c.multiAz ?? members.length > 1,
            storageEncrypted: encrypted,
            ...(encrypted ? { kmsKeyId: kmsOf(account, region, c.id) } : {}),
            dBClusterArn: `arn:aws:rds:${region}:${account}:cluster:${c.id}`,
            dBClusterMembers: members.map((m, i) => ({ dBInstanceIdentifier: m.id, isClusterWriter: i === 0 })),
            deletionProtection: c.deletionProtection ?? false,
          }),
          tags: Object.entries(c.tags ?? {}).map(([key, value]) => ({ key, value })),
        };
      });
    }
    case 'AWS::DynamoDB::Table':
      return here(call.world.accounts.get(account)!.spec.tables).map((t) => {
        const base = call.world.base;
        // Why the same numbers as DescribeContinuousBackups (dynamodb.ts): both modes see one estate.
        const pitr = t.pitr
          ? {
              pointInTimeRecoveryStatus: 'ENABLED',
              recoveryPeriodInDays: 35,
              earliestRestorableDateTime: new Date(base.getTime() - 35 * 86_400_000).toISOString(),
              latestRestorableDateTime: new Date(base.getTime() - 300_000).toISOString(),
            }
          : { pointInTimeRecoveryStatus: 'DISABLED' };
        return {
          ...item(t.name, { tableName: t.name, tableArn: `arn:aws:dynamodb:${region}:${account}:table/${t.name}`, tableStatus: 'ACTIVE' }),
          supplementaryConfiguration: { ContinuousBackupsDescription: { continuousBackupsStatus: 'ENABLED', pointInTimeRecoveryDescription: pitr } },
        };
      });
    default:
      return [];
  }
}

/** The KMS key RDS names for an encrypted instance or cluster (as DescribeDBInstances does in rds.ts). */
function kmsOf(account: string, region: string, id: string): string {
  return `arn:aws:kms:${region}:${account}:key/${stableId(`rds/${id}`, 8, 'abcdef0123456789')}-0000-4000-8000-000000000001`;
}
