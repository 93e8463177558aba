import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dropJsonField, FaultEngine, type FaultHit, type FaultSpec } from './faults.js';
import { RequestLog } from './request-log.js';

/** A request as a provider server sees it: the body already read. */
export interface SandboxRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** `http://127.0.0.1:PORT`, built from the Host header (for absolute Link URLs). */
  origin: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string | string[] | number>;
  body?: string | Buffer;
  /** For the request log. */
  operation: string;
  attrs?: Record<string, string | number | undefined>;
  auth?: string;
  retry?: boolean;
  fault?: FaultHit;
}

/** Shared services every provider server receives. */
export interface SandboxEnv {
  faults: FaultEngine;
  log: RequestLog;
  /** The sandbox clock (tests inject a fixed one so data and rate-limit windows are deterministic). */
  now: () => Date;
}

export type ProviderHandler = (req: SandboxRequest) => Promise<SandboxResponse> | SandboxResponse;

/** A provider's sandbox: turns its scenario data into a request handler. */
export interface SandboxProvider<D = any> {
  name: string;
  create(data: D, env: SandboxEnv): ProviderHandler;
}

export interface ServerOptions {
  /** Fixed latency added to every response (bench). */
  latencyMs?: number;
}

export interface RunningProvider {
  name: string;
  url: string;
  server: Server;
}

/** Serves one provider handler on 127.0.0.1 on a free port. */
export async function listenProvider(name: string, handler: ProviderHandler, env: SandboxEnv, opts: ServerOptions = {}): Promise<RunningProvider> {
  const server = createServer((req, res) => {
    void serve(name, handler, env, opts, req, res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { name, url: `http://127.0.0.1:${port}`, server };
}

async function serve(
  provider: string,
  handler: ProviderHandler,
  env: SandboxEnv,
  opts: ServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const receivedMs = performance.now();
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
  const sreq: SandboxRequest = {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', origin),
    headers: req.headers,
    body: Buffer.concat(chunks),
    origin,
  };
  let out: SandboxResponse;
  const t0 = performance.now();
  try {
    out = await handler(sreq);
  } catch (err) {
    out = {
      status: 500,
      operation: 'internal',
      body: JSON.stringify({ message: `sandbox error: ${(err as Error).message}` }),
      headers: { 'content-type': 'application/json' },
    };
  }
  env.log.push({
    provider,
    method: sreq.method,
    path: sreq.url.pathname + sreq.url.search,
    operation: out.operation,
    attrs: out.attrs ?? {},
    status: out.status,
    fault: out.fault?.spec.kind,
    auth: out.auth ?? 'none',
    retry: out.retry ?? false,
    at: env.now().getTime(),
    receivedMs: Math.round(receivedMs * 10) / 10,
    serviceMs: Math.round((performance.now() - t0) * 10) / 10,
  });
  if (out.fault?.spec.kind === 'hang') {
    // Hold the answer past the client's timeout; give up when the client goes away.
    await delay(out.fault.spec.ms ?? 30_000, res);
    if (res.destroyed || res.writableEnded) return;
  }
  if (opts.latencyMs) await delay(opts.latencyMs, res);
  if (res.destroyed) return;
  let body = out.body ?? '';
  const fault = out.fault?.spec;
  // A field left out of an otherwise valid JSON answer (providers with other formats drop it themselves).
  if (fault?.kind === 'missing-field' && fault.field && out.status < 300 && typeof body === 'string') body = dropJsonField(body, fault.field);
  res.statusCode = out.status;
  for (const [k, v] of Object.entries(out.headers ?? {})) res.setHeader(k, v);
  res.setHeader('content-length', Buffer.byteLength(body));
  if (fault?.kind === 'cut') {
    // The whole length announced, half of it sent, then the connection is destroyed: a body cut mid-way.
    const bytes = Buffer.from(body);
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
    return;
  }
  res.end(body);
}

function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    res.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export { FaultEngine, RequestLog };
export type { FaultSpec };
