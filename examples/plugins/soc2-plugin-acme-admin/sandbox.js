/**
 * Sandbox server for the admin API, served by `soc2 collect --demo --scenario <dir>` from the
 * scenario's `acme-admin.yaml`: `{ token, pageSize, admins: [{ login, role, mfa, last_login }] }`.
 * Faults (`faults.yaml`, provider `acme-admin`, operation `GET /api/admins`): deny → 403, fail → 500.
 */
export const acmeAdminSandbox = {
  name: 'acme-admin',
  configKey: 'endpoint',
  create(data, env) {
    const size = data.pageSize ?? 2;
    const json = (status, body, extra = {}) => ({
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      operation: 'GET /api/admins',
      ...extra,
    });
    return (req) => {
      if (req.url.pathname !== '/api/admins') return { ...json(404, { error: 'not found' }), operation: 'unknown' };
      const page = Number(req.url.searchParams.get('page') ?? '1');
      if (req.headers.authorization !== `Bearer ${data.token}`) return json(401, { error: 'invalid token' }, { auth: 'bearer' });
      const fault = env.faults.take('acme-admin', 'GET /api/admins', { page });
      if (fault?.spec.kind === 'deny') return json(403, { error: 'forbidden' }, { fault, auth: 'bearer' });
      if (fault) return json(fault.spec.status ?? 500, { error: 'internal' }, { fault, auth: 'bearer' });
      const items = data.admins.slice((page - 1) * size, page * size);
      const next = page * size < data.admins.length ? page + 1 : null;
      return json(200, { items, next }, { auth: 'bearer', attrs: { page } });
    };
  },
};
