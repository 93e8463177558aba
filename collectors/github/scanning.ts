import { settle } from '../../src/collector-kit.js';
import type { CollectContext, CollectorEvent } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { errorEvent } from './errors.js';
import { readAll } from './pages.js';
import { record, T, type GithubConfig } from './types.js';

export const SCANNING_TYPES = [T.secretAlert, T.codeAlert] as const;

const SECURITY =
  'organization owner or security manager (classic token: repo or security_events; App: Secret scanning alerts: read, Code scanning alerts: read)';

interface SecretAlert {
  number: number;
  created_at: string;
  html_url: string;
  secret_type?: string;
  secret_type_display_name?: string;
  repository: { full_name: string };
}

interface CodeAlert {
  number: number;
  created_at: string;
  html_url: string;
  rule?: { id?: string; severity?: 'none' | 'note' | 'warning' | 'error' | null; security_severity_level?: 'low' | 'medium' | 'high' | 'critical' | null };
  tool?: { name?: string };
  repository: { full_name: string };
}

/**
 * Open secret-scanning and code-scanning alerts of the whole organisation (two org-level lists, paged to the end).
 * Why `hide_secret=true`, and the secret dropped again from the raw page: the secret itself must never reach disk.
 */
export async function* collectScanningAlerts(ctx: CollectContext<GithubConfig>, gh: GithubClient): AsyncGenerator<CollectorEvent[]> {
  const org = ctx.config.org;
  yield SCANNING_TYPES.map((type): CollectorEvent => ({ kind: 'plan', type, scope: org }));
  const redact = ({ secret: _s, ...rest }: Record<string, unknown>) => rest;
  const secretP = settle(
    readAll<SecretAlert>(
      ctx,
      gh,
      'GET /orgs/{org}/secret-scanning/alerts',
      { org, state: 'open', hide_secret: true },
      { scope: org, name: 'secretScanning.listAlertsForOrg', redact },
    ),
  );
  const codeP = settle(
    readAll<CodeAlert>(ctx, gh, 'GET /orgs/{org}/code-scanning/alerts', { org, state: 'open' }, { scope: org, name: 'codeScanning.listAlertsForOrg' }),
  );
  const out: CollectorEvent[] = [];
  const fetchedAt = new Date().toISOString();
  const secret = await secretP;
  const sOp = 'GET /orgs/{org}/secret-scanning/alerts';
  if (!secret.ok) out.push(errorEvent(T.secretAlert, org, sOp, secret.error, { missingPermission: SECURITY }));
  else {
    for (const a of secret.value)
      out.push(
        record(
          T.secretAlert,
          org,
          { operation: sOp, fetchedAt },
          {
            repo: a.repository.full_name,
            number: a.number,
            createdAt: a.created_at,
            url: a.html_url,
            secretType: a.secret_type_display_name ?? a.secret_type ?? null,
          },
        ),
      );
    out.push({ kind: 'done', type: T.secretAlert, scope: org });
  }
  const code = await codeP;
  const cOp = 'GET /orgs/{org}/code-scanning/alerts';
  if (!code.ok) out.push(errorEvent(T.codeAlert, org, cOp, code.error, { missingPermission: SECURITY }));
  else {
    for (const a of code.value) {
      const data = {
        repo: a.repository.full_name,
        number: a.number,
        createdAt: a.created_at,
        url: a.html_url,
        rule: a.rule?.id ?? null,
        tool: a.tool?.name ?? null,
        securitySeverity: a.rule?.security_severity_level ?? null,
        severity: a.rule?.severity ?? null,
      };
      out.push(record(T.codeAlert, org, { operation: cOp, fetchedAt }, data));
    }
    out.push({ kind: 'done', type: T.codeAlert, scope: org });
  }
  yield out;
}
