import type { Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { STARTER_REGISTER } from '../../../collectors/vendors/template.js';
import { InputError } from '../../util/exit.js';
import { action } from '../action.js';

const STARTER = `# soc2 configuration. Reference: docs/configuration.md. Secrets never go in this file:
# write \${ENV_VAR} references, or rely on the providers' standard credential chains.
organization: Your Company
scope:
  # security is always in scope; add availability, confidentiality, processing-integrity, privacy as your report does.
  categories: [security]
period:
  # The Type II observation window.
  start: ${new Date().getUTCFullYear()}-01-01
  end: ${new Date().getUTCFullYear()}-12-31
# Control maps: the built-in library plus your own files or directories.
controls: [controls/library]
evidenceDir: evidence
sources:
  # AWS: credentials from the SDK's default chain (env, profile, SSO, instance role). Needs the policy from \`soc2 permissions\`.
  aws:
    regions: [us-east-1]
    # Either list accounts (optionally with a role to assume)...
    accounts:
      - { id: "123456789012", name: prod }
    # ...or discover every member account of your AWS Organization and assume this role in each:
    # organization: { roleName: soc2-audit }
  # GitHub: a token with read:org, repo (read) and security_events, or a GitHub App.
  github:
    org: your-org
    token: "\${GITHUB_TOKEN}"
    # baseUrl: https://github.example.com/api/v3   # GitHub Enterprise Server
  # Okta: an API token, or (recommended) an OAuth service app with a private key and read-only scopes.
  okta:
    orgUrl: https://your-org.okta.com
    token: "\${OKTA_API_TOKEN}"
  # Vendor register (YAML or CSV): criticality, reviews, assurance reports, subservice organisations and their CUECs.
  # Third parties found in Okta, GitHub and AWS are matched to it; mapping: { 'okta:<app label>': <vendor> } where names differ.
  vendors:
    register: vendors.yaml
    # mapping: vendor-mapping.yaml
# Approved exceptions: failing findings they match count as passing until they expire.
exceptions: []
#  - control: GH-REPO-01
#    resource: "github:your-org/legacy-*"
#    reason: Archived service, read-only
#    approvedBy: cto@example.com
#    ticket: SEC-142
#    expires: 2026-12-31
`;

export function register(program: Command): void {
  program
    .command('init')
    .description('write a commented starter soc2.config.yaml and show which credentials each source needs')
    .option('--force', 'overwrite an existing file')
    .action(
      action(async (out, opts, flags: { force?: boolean }) => {
        const path = opts.config ?? 'soc2.config.yaml';
        if (existsSync(path) && !flags.force) throw new InputError(`${path} already exists`, ['  pass --force to overwrite it']);
        writeFileSync(path, STARTER);
        // Why beside the config: the starter config names it relative to itself. An existing register is the user's.
        const register = join(dirname(path), 'vendors.yaml');
        const wroteRegister = !existsSync(register);
        if (wroteRegister) writeFileSync(register, STARTER_REGISTER);
        if (opts.json) return void out.json({ written: path, ...(wroteRegister ? { register } : {}) });
        out.info(`wrote ${path}`);
        if (wroteRegister) out.info(`wrote ${register} (AWS, GitHub and Okta as subservice organisations: add review dates and reports)`);
        out.info('Credentials each source needs:');
        out.info('  aws     the SDK default chain (AWS_PROFILE, SSO, env keys, instance/container role); policy: `soc2 permissions --source aws`');
        out.info('  github  GITHUB_TOKEN (read:org, repo read, security_events) or a GitHub App installation');
        out.info('  okta    OKTA_API_TOKEN (read-only admin) or an OAuth service app private key');
        out.info('  vendors none: the register file (vendors.yaml) and reports in the documents folder');
        out.info('Then: soc2 collect   (or try soc2 collect --demo first)');
      }),
    );
}
