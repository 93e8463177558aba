/** Every administrator of the admin console has MFA (a pure function over the collected records). */
export const adminsMfaCheck = {
  meta: {
    id: 'acme-admin.admins.mfa',
    title: 'Every admin console administrator has MFA',
    failureTitle: 'Admin console administrators without MFA',
    requires: ['acme-admin.admin'],
    remediation: 'Enrol the administrator in MFA in the admin console (Settings → Security), or remove the admin role.',
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { roles: { type: 'array', items: { type: 'string' }, default: ['owner', 'admin'] } },
    },
  },
  evaluate(ev, params) {
    const admins = ev.records('acme-admin.admin').filter((r) => params.roles.includes(r.data.role));
    return {
      findings: admins.map((r) => ({
        status: r.data.mfa ? 'pass' : 'fail',
        resource: `acme-admin:${r.data.login}`,
        reason: r.data.mfa ? 'MFA enrolled' : `${r.data.role} ${r.data.login} has no MFA`,
        evidence: r.ref,
        scope: r.scope,
      })),
      notApplicable: admins.length === 0,
    };
  },
};
