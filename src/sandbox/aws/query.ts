/**
 * awsQuery helpers (IAM, STS): form-encoded requests, XML responses with `<member>` lists and the
 * `<ErrorResponse>` envelope, and the awsJson1_1 equivalents (Organizations, CloudTrail).
 */
import { randomUUID } from 'node:crypto';

/** What a service handler returns; index.ts renders it in the service's protocol. */
export type AwsAnswer = { ok: true; xml?: string; json?: unknown } | { ok: false; code: string; message: string; status: number };

export function ok(xml: string): AwsAnswer {
  return { ok: true, xml };
}

export function okJson(json: unknown): AwsAnswer {
  return { ok: true, json };
}

export function fail(code: string, message: string, status = 400): AwsAnswer {
  return { ok: false, code, message, status };
}

export function esc(v: unknown): string {
  return String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<Tag>value</Tag>`, or nothing when the value is undefined/null (absent members stay absent). */
export function el(tag: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return `<${tag}>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</${tag}>`;
  return `<${tag}>${esc(value)}</${tag}>`;
}

/** A list member: `<Tag><member>…</member>…</Tag>` (awsQuery lists are never flattened in IAM/STS). */
export function members<T>(tag: string, items: T[], render: (item: T) => string): string {
  if (items.length === 0) return `<${tag}/>`;
  return `<${tag}>${items.map((i) => `<member>${render(i)}</member>`).join('')}</${tag}>`;
}

/** The success envelope: `<{Op}Response><{Op}Result>…</{Op}Result><ResponseMetadata>…`. */
export function queryBody(op: string, ns: string, result: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${op}Response xmlns="${ns}"><${op}Result>${result}</${op}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${op}Response>`
  );
}

/** The awsQuery error envelope; `Type` is Receiver for 5xx, Sender otherwise. */
export function queryErrorBody(ns: string, code: string, message: string, status: number): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${ns}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
    `<Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

/** awsJson1_1 error body: `__type` carries the code. */
export function jsonErrorBody(code: string, message: string): string {
  return JSON.stringify({ __type: code, message });
}

/** Parses an awsQuery form body. Lists arrive as `Filter.member.1=User&Filter.member.2=Role`. */
export function parseForm(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out[k] = v;
  return out;
}

/** Values of a `<Name>.member.N` list parameter, in order. */
export function formList(params: Record<string, string>, name: string): string[] {
  const out: Array<[number, string]> = [];
  const prefix = `${name}.member.`;
  for (const [k, v] of Object.entries(params)) if (k.startsWith(prefix)) out.push([Number(k.slice(prefix.length)), v]);
  return out.sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}

/** Epoch seconds, the awsJson1_1 timestamp format. */
export function epoch(d: Date | undefined): number | undefined {
  return d ? d.getTime() / 1000 : undefined;
}
