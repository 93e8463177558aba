import { resolveGithubPaths } from '../../collectors/github/paths.js';
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { checkInputFile } from '../util/input-file.js';
import { dirname, join, relative, resolve } from 'node:path';
import { validateDocuments } from '../../collectors/documents/index.js';
import { parseMapping, parseRoster } from '../../collectors/roster/index.js';
import { validateVendors } from '../../collectors/vendors/validate.js';
import type { LoadedConfig } from './config.js';
import { inputError } from './config.js';
import type { Problem } from '../util/problems.js';

/** Every problem of a roster export (and its mapping file): `people.csv:14:5  endDate  expected a date…`. */
export function validateRoster(path: string, mapping?: string): Problem[] {
  return [...parseRoster(path, shown(path)).problems, ...(mapping ? parseMapping(mapping, shown(mapping)).problems : [])];
}

/**
 * Resolves the file sources' paths against the config file, defaults the access-review folder into the
 * evidence directory, and (when `validate`) checks the roster, mapping and document front-matter: any
 * problem is an InputError (exit 2) before anything is collected.
 */
export function prepareSources(loaded: LoadedConfig, evidenceDir: string, validate: boolean, controls?: Set<string>): void {
  const s = loaded.config.sources;
  const problems: Problem[] = [];
  if (s.github) resolveGithubPaths(s.github, loaded.dir);
  // Key files are input: a missing one is found here (exit 2, file:line:col), not as a collection error per type.
  const keyFiles: Array<[string, { privateKeyFile?: string } | undefined]> = [
    ['/sources/github/app/privateKeyFile', (s.github as { app?: { privateKeyFile?: string } } | undefined)?.app],
    ['/sources/okta/oauth/privateKeyFile', (s.okta as { oauth?: { privateKeyFile?: string } } | undefined)?.oauth],
  ];
  for (const [pointer, section] of keyFiles) {
    if (!section?.privateKeyFile) continue;
    section.privateKeyFile = resolve(loaded.dir, section.privateKeyFile);
    if (validate && !isReadableFile(section.privateKeyFile))
      problems.push(
        loaded.file.problem(
          pointer,
          `private key file not found or not readable: ${section.privateKeyFile}`,
          'check the path (relative to the config file) and its permissions',
        ),
      );
  }
  if (s.roster) {
    const r = s.roster as { file: string; mapping?: string; reviewsDir?: string };
    r.file = resolve(loaded.dir, r.file);
    if (r.mapping) r.mapping = resolve(loaded.dir, r.mapping);
    r.reviewsDir = r.reviewsDir ? resolve(loaded.dir, r.reviewsDir) : join(evidenceDir, 'access-reviews');
    if (validate) {
      // Why first: parsing reads the whole file; a FIFO or /dev/zero would hang it.
      const bad = [
        fileProblem(loaded, '/sources/roster/file', r.file),
        r.mapping ? fileProblem(loaded, '/sources/roster/mapping', r.mapping) : undefined,
      ].filter((p) => p !== undefined);
      problems.push(...(bad.length ? bad : validateRoster(r.file, r.mapping)));
      if (existsSync(r.reviewsDir) && statSync(r.reviewsDir).isDirectory()) {
        for (const f of readdirSync(r.reviewsDir).filter((n) => REVIEW_FILE.test(n))) {
          const why = checkInputFile(join(r.reviewsDir, f));
          if (why) problems.push({ file: shown(join(r.reviewsDir, f)), line: 1, col: 1, pointer: '', message: why });
        }
      }
    }
  }
  if (validate) {
    const keys: Array<[string, string | undefined]> = [
      ['/sources/github/app/privateKeyFile', (s.github as { app?: { privateKeyFile?: string } } | undefined)?.app?.privateKeyFile],
      ['/sources/okta/oauth/privateKeyFile', (s.okta as { oauth?: { privateKeyFile?: string } } | undefined)?.oauth?.privateKeyFile],
    ];
    for (const [pointer, path] of keys) {
      const p = path ? fileProblem(loaded, pointer, path) : undefined;
      if (p) problems.push(p);
    }
  }
  if (s.documents) {
    const d = s.documents as { dir: string };
    d.dir = resolve(loaded.dir, d.dir);
    if (validate) {
      if (!existsSync(d.dir) || !statSync(d.dir).isDirectory())
        problems.push({ ...loaded.file.problem('/sources/documents/dir', `documents folder not found: ${d.dir}`) });
      else problems.push(...validateDocuments(d.dir, shown(d.dir)));
    }
  }
  if (s.vendors) {
    const v = s.vendors as { register: string; mapping?: string; reportsDir?: string };
    v.register = resolve(loaded.dir, v.register);
    if (v.mapping) v.mapping = resolve(loaded.dir, v.mapping);
    // Why the documents folder: assurance reports are documents; the register names them relative to it.
    v.reportsDir = s.documents ? (s.documents as { dir: string }).dir : dirname(v.register);
    if (validate) {
      const bad = [
        fileProblem(loaded, '/sources/vendors/register', v.register),
        v.mapping ? fileProblem(loaded, '/sources/vendors/mapping', v.mapping) : undefined,
      ].filter((p) => p !== undefined);
      problems.push(...(bad.length ? bad : validateVendors(v.register, v.mapping, v.reportsDir, shown, controls)));
    }
  }
  if (problems.length) throw inputError(problems.length === 1 ? (problems[0]!.file ?? 'evidence files') : 'evidence files', problems);
}

/** Signed access-review worksheets the roster collector reads from `reviewsDir` (collectors/roster/reviews.ts). */
const REVIEW_FILE = /^\d{4}Q[1-4]-(okta|github|aws|identity-center)\.csv$/;

/** A problem at the config key naming `path` when it is not a regular file within the size limit. */
function fileProblem(loaded: LoadedConfig, pointer: string, path: string): Problem | undefined {
  // A missing file is reported by whatever reads it (the roster's own message, the provider's auth error).
  if (!existsSync(path)) return undefined;
  const why = checkInputFile(path);
  return why ? loaded.file.problem(pointer, `${shown(path)}: ${why}`) : undefined;
}

function shown(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel.startsWith('..') ? p : rel;
}

function isReadableFile(p: string): boolean {
  try {
    accessSync(p, constants.R_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
