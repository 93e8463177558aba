/**
 * The AWS sandbox: one handler serving IAM, STS, Organizations, CloudTrail, S3, S3 Control, KMS, ACM, Secrets Manager,
 * CloudWatch Logs, RDS, EC2 (EBS), ELBv2, DynamoDB, AWS Backup, GuardDuty, Security Hub, AWS Config and Inspector on
 * one port, each in its protocol family (awsQuery, ec2Query, awsJson1_0/1_1, restJson1, restXml).
 * Requests are routed by the SigV4 credential scope (`Credential=AKID/date/region/service/aws4_request`)
 * or the `X-Amz-Target` header, and attributed to an account by the access key id in that scope.
 */
import type { SandboxProvider, SandboxRequest, SandboxResponse } from '../server.js';
import { dropCsvColumn, type FaultHit } from '../faults.js';
import { cloudtrail } from './cloudtrail.js';
import { indexOf } from './cloudtrail-events.js';
import { entitiesOf } from './iam-details.js';
import { iam } from './iam.js';
import { decodeToken, type AwsScenario } from './model.js';
import { organizations } from './organizations.js';
import { fail, jsonErrorBody, parseForm, queryBody, queryErrorBody, type AwsAnswer } from './query.js';
import { sts } from './sts.js';
import { acm } from './acm.js';
import { kms } from './kms.js';
import { logs } from './logs.js';
import { s3 } from './s3.js';
import { secretsmanager } from './secretsmanager.js';
import { backup, backupRoute } from './backup.js';
import { dynamodb, dynamodbPage } from './dynamodb.js';
import { ec2, ec2Body, ec2ErrorBody } from './ec2.js';
import { elasticloadbalancing } from './elbv2.js';
import { notEnabledAnswer } from './not-enabled.js';
import { rds } from './rds.js';
import { cloudwatch } from './cloudwatch.js';
import { identityCenterIndex, identityStore, ssoAdmin } from './identity-center.js';
import { guardduty, guarddutyRoute } from './guardduty.js';
import { securityhub, securityhubRoute } from './securityhub.js';
import { configService } from './config.js';
import { inspector2, inspectorRoute } from './inspector.js';
import { buildWorld, principalOf, type AccountState, type Session, type World } from './world.js';

export { SANDBOX_BASE_CREDENTIALS } from './model.js';
export type { AwsScenario } from './model.js';

export type AwsService =
  | 'iam'
  | 'sts'
  | 'organizations'
  | 'cloudtrail'
  | 'kms'
  | 'acm'
  | 'secretsmanager'
  | 'logs'
  | 'rds'
  | 'ec2'
  | 'elasticloadbalancing'
  | 'dynamodb'
  | 'backup'
  | 'monitoring'
  | 'sso'
  | 'identitystore'
  | 'guardduty'
  | 'securityhub'
  | 'config'
  | 'inspector2';

/** The protocol family each service speaks (the SDK's `protocol` trait); S3 and S3 Control (restXml) are routed apart. */
type Protocol = 'query' | 'ec2' | 'json1.0' | 'json1.1' | 'rest-json';
const PROTOCOLS: Record<AwsService, Protocol> = {
  iam: 'query',
  sts: 'query',
  organizations: 'json1.1',
  cloudtrail: 'json1.1',
  kms: 'json1.1',
  acm: 'json1.1',
  secretsmanager: 'json1.1',
  logs: 'json1.1',
  rds: 'query',
  ec2: 'ec2',
  elasticloadbalancing: 'query',
  dynamodb: 'json1.0',
  backup: 'rest-json',
  monitoring: 'json1.0',
  sso: 'json1.1',
  identitystore: 'json1.1',
  guardduty: 'rest-json',
  securityhub: 'rest-json',
  config: 'json1.1',
  inspector2: 'rest-json',
};

/** One parsed call, as the service handlers see it. */
export interface AwsCall {
  world: World;
  service: AwsService;
  op: string;
  /** awsQuery form parameters (IAM, STS). */
  form: Record<string, string>;
  /** awsJson1_1 body (Organizations, CloudTrail). */
  json: Record<string, any>;
  account: AccountState;
  region: string;
  session?: Session;
  /** 1-based page number of a paginated call (from its Marker/NextToken). */
  page: number;
  /** restJson1: the URL's query parameters and the path's labels (URL-decoded). */
  query: Record<string, string>;
  labels: Record<string, string>;
}

const NS: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  rds: 'http://rds.amazonaws.com/doc/2014-10-31/',
  elasticloadbalancing: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
};
const TARGETS: Record<string, AwsService> = {
  AWSOrganizationsV20161128: 'organizations',
  CloudTrail_20131101: 'cloudtrail',
  TrentService: 'kms',
  CertificateManager: 'acm',
  secretsmanager: 'secretsmanager',
  Logs_20140328: 'logs',
  DynamoDB_20120810: 'dynamodb',
  GraniteServiceVersion20100801: 'monitoring',
  SWBExternalService: 'sso',
  AWSIdentityStore: 'identitystore',
  StarlingDoveService: 'config',
};
const HANDLERS: Record<AwsService, (c: AwsCall) => AwsAnswer> = {
  iam,
  sts,
  organizations,
  cloudtrail,
  kms,
  acm,
  secretsmanager,
  logs,
  rds,
  ec2,
  elasticloadbalancing,
  dynamodb,
  backup,
  monitoring: cloudwatch,
  sso: ssoAdmin,
  identitystore: identityStore,
  guardduty,
  securityhub,
  config: configService,
  inspector2,
};
/** restJson1 services: the operation is the route (method + path). */
const ROUTERS: Partial<Record<AwsService, (method: string, path: string) => { op: string; labels: Record<string, string> }>> = {
  backup: backupRoute,
  guardduty: guarddutyRoute,
  securityhub: securityhubRoute,
  inspector2: inspectorRoute,
};
/**
 * restJson1 error bodies as each service's error shapes name their members (the SDK reads the code from
 * `x-amzn-ErrorType`, the message from the body): GuardDuty `message`/`__type`, Inspector `message`, Backup and
 * Security Hub `Message`/`Code`.
 */
const REST_ERRORS: Partial<Record<AwsService, (code: string, message: string) => unknown>> = {
  guardduty: (code, message) => ({ message, __type: code }),
  inspector2: (_code, message) => ({ message }),
};
const JSON_TYPES: Partial<Record<Protocol, string>> = {
  'json1.0': 'application/x-amz-json-1.0',
  'json1.1': 'application/x-amz-json-1.1',
  'rest-json': 'application/json',
};

export const awsProvider: SandboxProvider<AwsScenario> = {
  name: 'aws',
  create(data, env) {
    const world = buildWorld(data, env);
    // Why now: a provider has its data indexed before it serves; building an account's IAM entities and CloudTrail
    // index on its first request would put that work inside the first responses (and, in the bench, on the CPU the
    // collectors are measured on).
    for (const [id, account] of world.accounts) {
      entitiesOf(world, id);
      if (account.spec.identityCenter) identityCenterIndex(world, id, account.spec.identityCenter);
      for (const region of new Set((account.spec.events ?? []).map((e) => e.region ?? 'us-east-1'))) indexOf(world, id, region);
    }
    return (req) => handle(world, req);
  },
};

function handle(world: World, req: SandboxRequest): SandboxResponse {
  const auth = String(req.headers.authorization ?? '');
  const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
  const target = String(req.headers['x-amz-target'] ?? '');
  const [prefix, targetOp] = target.split('.');
  const service = (scope?.[3] as AwsService | undefined) ?? TARGETS[prefix ?? ''];
  const retry = /attempt=([2-9]|\d{2,})/.test(String(req.headers['amz-sdk-request'] ?? ''));
  const base = { auth: auth.startsWith('AWS4-HMAC-SHA256') ? 'sigv4' : 'none', retry };
  // Why first: S3 and S3 Control are REST (restXml), routed by path rather than by an Action or X-Amz-Target.
  if (scope?.[3] === 's3') return s3(world, req, scope[1]!, scope[2]!, base);
  if (!service || !(service in HANDLERS)) {
    return {
      ...base,
      status: 400,
      operation: 'unknown',
      body: jsonErrorBody('UnknownOperationException', 'no such service'),
      headers: { 'content-type': 'application/x-amz-json-1.1' },
    };
  }
  const protocol = PROTOCOLS[service];
  const isQuery = protocol === 'query' || protocol === 'ec2';
  const form = isQuery ? parseForm(req.body) : {};
  let json: Record<string, any> = {};
  if (!isQuery && req.body.length) {
    try {
      json = JSON.parse(req.body.toString('utf8')) as Record<string, any>;
    } catch {
      return render(service, 'parse', fail('SerializationException', 'request body is not JSON'), base);
    }
  }
  const query = Object.fromEntries(req.url.searchParams);
  const route = protocol === 'rest-json' ? ROUTERS[service]!(req.method, req.url.pathname) : undefined;
  const op = isQuery ? (form.Action ?? 'unknown') : route ? route.op : (targetOp ?? 'unknown');
  const operation = `${service}:${op}`;
  const region = scope?.[2] ?? 'us-east-1';
  const principal = principalOf(world, scope?.[1] ?? '');
  if (!principal) {
    const code = protocol === 'ec2' ? 'AuthFailure' : isQuery ? 'InvalidClientTokenId' : 'UnrecognizedClientException';
    return render(service, operation, fail(code, 'The security token included in the request is invalid.', isQuery ? 403 : 400), base);
  }
  const account = world.accounts.get(principal.account)!;
  const token =
    protocol === 'query'
      ? form.Marker
      : protocol === 'ec2'
        ? form.NextToken
        : protocol === 'rest-json'
          ? (query.nextToken ?? query.NextToken ?? json.nextToken ?? json.NextToken)
          : ((json.NextToken ?? json.nextToken ?? json.Marker) as string | undefined);
  const call: AwsCall = { world, service, op, form, json, account, region, session: principal.session, page: 1, query, labels: route?.labels ?? {} };
  call.page = service === 'dynamodb' ? dynamodbPage(call) : (decodeToken(token)?.page ?? 1);
  const attrs = { account: account.id, region, page: call.page };
  const hit = world.env.faults.take('aws', operation, attrs);
  const answer = hit && !NORMAL.has(hit.spec.kind) ? faultAnswer(call, hit) : (notEnabledAnswer(call) ?? HANDLERS[service](call));
  if (hit && answer.ok) shapeFault(hit, answer);
  const out = render(service, operation, answer, base);
  if (hit?.spec.kind === 'invalid') out.body = isQuery ? '<ErrorResponse><Error' : '{"trailList": [';
  return { ...out, attrs, fault: hit };
}

/** Fault kinds served as the normal answer: the server holds or cuts it, or `shapeFault` alters it. */
const NORMAL = new Set(['hang', 'cut', 'missing-field', 'early-end']);

/**
 * Alters a successful answer: `missing-field` drops a credential report column (other JSON fields are dropped by
 * the server); `early-end` marks an IAM page truncated but gives no Marker to go on with.
 */
function shapeFault(hit: FaultHit, answer: Extract<AwsAnswer, { ok: true }>): void {
  const { kind, field } = hit.spec;
  if (kind === 'missing-field' && field && answer.xml?.includes('<Content>')) {
    answer.xml = answer.xml.replace(
      /<Content>([^<]*)<\/Content>/,
      (_m, b64: string) => `<Content>${Buffer.from(dropCsvColumn(Buffer.from(b64, 'base64').toString('utf8'), field)).toString('base64')}</Content>`,
    );
  }
  if (kind === 'early-end' && answer.xml !== undefined) {
    answer.xml = answer.xml.replace(/<IsTruncated>\w+<\/IsTruncated>/, '<IsTruncated>true</IsTruncated>').replace(/<Marker>[^<]*<\/Marker>/, '');
  }
  // awsJson lists (CloudTrail, Organizations) have no flag besides the token: an early end there cannot be told
  // from the real one, so it is served as it is.
}

/** Renders a fault kind as the AWS answer of the service's protocol. */
function faultAnswer(call: AwsCall, hit: FaultHit): AwsAnswer {
  if (call.service === 'ec2') return ec2Fault(hit);
  const query = PROTOCOLS[call.service] === 'query';
  const { kind, status, message } = hit.spec;
  const who = call.session
    ? `arn:aws:sts::${call.account.id}:assumed-role/${call.session.roleName}/${call.session.sessionName}`
    : `arn:aws:iam::${call.account.id}:user/${call.world.scenario.callerName ?? 'soc2-collector'}`;
  switch (kind) {
    case 'deny':
      return fail(
        query ? 'AccessDenied' : 'AccessDeniedException',
        message ?? `User: ${who} is not authorized to perform: ${call.service}:${call.op} on resource: *`,
        status ?? (query || PROTOCOLS[call.service] === 'rest-json' ? 403 : 400),
      );
    case 'throttle':
    case 'rate-limit':
    case 'secondary-rate-limit':
      return fail(query ? 'Throttling' : 'ThrottlingException', message ?? 'Rate exceeded', status ?? 400);
    case 'not-found':
      return fail(query ? 'NoSuchEntity' : 'ResourceNotFoundException', message ?? 'The resource cannot be found.', status ?? (query ? 404 : 400));
    case 'invalid':
      return { ok: true, xml: '', json: {} };
    default:
      return fail(
        call.service === 'iam' ? 'ServiceFailure' : 'InternalFailure',
        message ?? 'The request processing has failed because of an unknown error.',
        status ?? 500,
      );
  }
}

/** EC2's own codes for the fault kinds (ec2Query has no Sender/Receiver types). */
function ec2Fault(hit: FaultHit): AwsAnswer {
  const { kind, status, message } = hit.spec;
  if (kind === 'deny') return fail('UnauthorizedOperation', message ?? 'You are not authorized to perform this operation.', status ?? 403);
  if (kind === 'throttle' || kind === 'rate-limit' || kind === 'secondary-rate-limit')
    return fail('RequestLimitExceeded', message ?? 'Request limit exceeded.', status ?? 503);
  if (kind === 'invalid') return { ok: true, xml: '' };
  if (kind === 'not-found') return fail('InvalidVolume.NotFound', message ?? 'The volume does not exist.', status ?? 400);
  return fail('InternalError', message ?? 'An internal error has occurred.', status ?? 500);
}

function render(service: AwsService, operation: string, a: AwsAnswer, base: { auth: string; retry: boolean }): SandboxResponse {
  const protocol = PROTOCOLS[service];
  const op = operation.slice(operation.indexOf(':') + 1);
  if (protocol === 'query') {
    const body = a.ok ? queryBody(op, NS[service]!, a.xml ?? '') : queryErrorBody(NS[service]!, a.code, a.message, a.status);
    return { ...base, operation, status: a.ok ? 200 : a.status, body, headers: { 'content-type': 'text/xml' } };
  }
  if (protocol === 'ec2') {
    const body = a.ok ? ec2Body(op, a.xml ?? '') : ec2ErrorBody(a.code, a.message);
    return { ...base, operation, status: a.ok ? 200 : a.status, body, headers: { 'content-type': 'text/xml;charset=UTF-8' } };
  }
  const headers: Record<string, string> = { 'content-type': JSON_TYPES[protocol]! };
  if (!a.ok) headers['x-amzn-errortype'] = a.code;
  // Why: CloudWatch's JSON protocol is awsQuery-compatible; the SDK takes the error code from this header.
  if (!a.ok && service === 'monitoring')
    headers['x-amzn-query-error'] = `${a.code === 'AccessDeniedException' ? 'AccessDenied' : a.code};${a.status >= 500 ? 'Receiver' : 'Sender'}`;
  // Why two error bodies: awsJson names the code in `__type`; restJson1 services (Backup) answer `Code`/`Message`.
  const error =
    protocol === 'rest-json'
      ? JSON.stringify(!a.ok && REST_ERRORS[service] ? REST_ERRORS[service](a.code, a.message) : { Code: !a.ok ? a.code : '', Message: !a.ok ? a.message : '' })
      : !a.ok
        ? jsonErrorBody(a.code, a.message)
        : '';
  const body = a.ok ? JSON.stringify(a.json ?? {}) : error;
  return { ...base, operation, status: a.ok ? 200 : a.status, body, headers };
}
