import type { Check } from '../../../src/types.js';

/** Members get at most read access to repositories by default (least privilege). */
export const basePermission: Check = {
  meta: {
    id: 'github.org.base-permission',
    title: 'Default repository permission for members is none or read',
    failureTitle: 'GitHub base permission grants write or admin to every member',
    requires: ['github.org.settings'],
    remediation: 'Organization settings → Member privileges → Base permissions: set "Read" or "No permission" and grant write through teams.',
  },
  evaluate(view) {
    return {
      findings: view.records('github.org.settings').flatMap((rec) => {
        const perm = rec.data.defaultRepositoryPermission as string | null;
        if (perm === null) return [];
        const ok = perm === 'none' || perm === 'read';
        return [
          {
            status: ok ? 'pass' : 'fail',
            resource: `github:${rec.data.login}`,
            scope: rec.scope,
            evidence: rec.ref,
            reason: ok
              ? `default_repository_permission is ${perm}`
              : `default_repository_permission is ${perm}: every member can ${perm === 'admin' ? 'administer' : 'push to'} every repository; set base permissions to read or none and grant access through teams`,
          },
        ] as const;
      }),
    };
  },
};
