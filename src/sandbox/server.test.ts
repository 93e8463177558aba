import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServer, FaultEngine, listenProvider, RequestLog, type ProviderHandler, type RunningProvider, type SandboxEnv } from './server.js';

const running: RunningProvider[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => closeServer(p.server)));
});

function env(): SandboxEnv {
  return { faults: new FaultEngine(), log: new RequestLog(), now: () => new Date('2026-12-01T00:00:00Z') };
}

async function serve(handler: ProviderHandler, e = env()): Promise<{ url: string; e: SandboxEnv }> {
  const p = await listenProvider('test', handler, e);
  running.push(p);
  return { url: p.url, e };
}

/** A raw GET: status, declared length and the bytes that arrived before the connection ended. */
function get(url: string, timeoutMs = 5_000): Promise<{ status: number; length: number; body: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      const done = () =>
        resolve({
          status: res.statusCode ?? 0,
          length: Number(res.headers['content-length']),
          body: Buffer.concat(chunks).toString('utf8'),
          complete: res.complete,
        });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

describe('sandbox server', () => {
  it('serves on 127.0.0.1 and logs each answer with its operation, attributes and status', async () => {
    const { url, e } = await serve((req) => ({
      status: 200,
      operation: 'GET /things',
      attrs: { page: req.url.searchParams.get('page') ?? 1 },
      body: '{"ok":true}',
    }));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await get(`${url}/things?page=2`);
    expect(res).toMatchObject({ status: 200, body: '{"ok":true}', length: 11, complete: true });
    expect(e.log.entries).toMatchObject([
      { seq: 1, provider: 'test', method: 'GET', path: '/things?page=2', operation: 'GET /things', attrs: { page: '2' }, status: 200 },
    ]);
  });

  it('a handler that throws is a 500 JSON answer naming the error, logged as `internal`, and the server keeps serving', async () => {
    let n = 0;
    const { url, e } = await serve(() => {
      if (++n === 1) throw new Error('no such scenario account');
      return { status: 204, operation: 'after' };
    });
    const res = await get(url);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ message: 'sandbox error: no such scenario account' });
    expect((await get(url)).status).toBe(204);
    expect(e.log.entries.map((l) => [l.operation, l.status])).toEqual([
      ['internal', 500],
      ['after', 204],
    ]);
  });

  it('a missing-field fault drops the member from a successful JSON answer only', async () => {
    const faults = new FaultEngine([{ provider: 'test', operation: 'op', kind: 'missing-field', field: 'items.secret' }]);
    const e = { ...env(), faults };
    const { url } = await serve((req) => {
      const fault = faults.take('test', 'op');
      const status = req.url.pathname === '/bad' ? 400 : 200;
      return { status, operation: 'op', fault, body: JSON.stringify({ items: [{ id: 1, secret: 'x' }] }) };
    }, e);
    expect(JSON.parse((await get(`${url}/good`)).body)).toEqual({ items: [{ id: 1 }] });
    expect(JSON.parse((await get(`${url}/bad`)).body)).toEqual({ items: [{ id: 1, secret: 'x' }] });
    expect(e.log.entries.map((l) => l.fault)).toEqual(['missing-field', 'missing-field']);
  });

  it('a cut fault announces the whole length, sends half and ends the connection', async () => {
    const body = 'x'.repeat(1000);
    const { url } = await serve(() => ({ status: 200, operation: 'op', body, fault: { spec: { provider: 'test', operation: 'op', kind: 'cut' }, call: 1 } }));
    const res = await get(url);
    expect(res.length).toBe(1000);
    expect(res.complete).toBe(false);
    expect(res.body.length).toBeLessThan(1000);
  });

  it('a hang fault holds the answer until the client gives up', async () => {
    const { url } = await serve(() => ({
      status: 200,
      operation: 'op',
      body: 'late',
      fault: { spec: { provider: 'test', operation: 'op', kind: 'hang', ms: 60_000 }, call: 1 },
    }));
    await expect(get(url, 300)).rejects.toThrow(/timeout|socket hang up/);
  });
});
