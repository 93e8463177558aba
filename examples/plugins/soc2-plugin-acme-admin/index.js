import { readFileSync } from 'node:fs';
import { acmeAdminCollector } from './collector.js';
import { adminsMfaCheck } from './check.js';
import { acmeAdminSandbox } from './sandbox.js';

const schema = (name) => JSON.parse(readFileSync(new URL(`./schemas/${name}.schema.json`, import.meta.url), 'utf8'));

/** A soc2 plugin: its own config section, evidence type with schema, collector, check and sandbox server. */
export default {
  apiVersion: 1,
  name: 'acme-admin',
  sources: {
    'acme-admin': {
      type: 'object',
      additionalProperties: false,
      required: ['endpoint', 'token'],
      properties: {
        endpoint: { type: 'string', format: 'uri', description: 'Base URL of the admin API.' },
        token: { type: 'string', description: 'API token, as ${ACME_ADMIN_TOKEN}.' },
      },
    },
  },
  evidenceSchemas: { 'acme-admin.admin': schema('acme-admin.admin') },
  collectors: [acmeAdminCollector],
  checks: [adminsMfaCheck],
  sandbox: { 'acme-admin': acmeAdminSandbox },
};
