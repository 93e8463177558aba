import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ZipArchive } from 'archiver';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../bundle/bagit.js';
import { pack } from './pack.js';
import { PackInputError } from './select.js';
import { writeKeyPair } from './sign.js';
import { makeEvidence } from './testing.js';
import { extractZip } from './unzip.js';
import { verifyPath } from './verify.js';

let ev: Awaited<ReturnType<typeof makeEvidence>>;
let zip: string;
let unpacked: string;
beforeAll(async () => {
  ev = await makeEvidence(4);
  zip = join(ev.root, 'pack.zip');
  await pack({ evidenceDir: ev.evidence, output: zip, toolVersion: '0.0.0-test' });
  unpacked = join(ev.root, 'unpacked');
  expect(await extractZip(zip, unpacked)).toEqual([]);
});
afterAll(async () => {
  await rm(ev.root, { recursive: true, force: true });
});

/** Node ESM hooks that run this repository's TypeScript in a child process (transpile only, .js → .ts). */
const LOADER = `
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const ts = createRequire(${JSON.stringify(join(process.cwd(), 'package.json'))})('typescript');
export async function resolve(spec, ctx, next) {
  if (spec.startsWith('.') && spec.endsWith('.js') && ctx.parentURL?.endsWith('.ts')) {
    const url = new URL(spec, ctx.parentURL);
    const tsUrl = new URL(url.href.slice(0, -3) + '.ts');
    if (!existsSync(fileURLToPath(url)) && existsSync(fileURLToPath(tsUrl))) return { url: tsUrl.href, shortCircuit: true };
  }
  return next(spec, ctx);
}
export async function load(url, ctx, next) {
  if (!url.endsWith('.ts')) return next(url, ctx);
  const src = readFileSync(fileURLToPath(url), 'utf8');
  const out = ts.transpileModule(src, { fileName: fileURLToPath(url), compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return { format: 'module', source: out.outputText, shortCircuit: true };
}`;

/** Packs in a fresh `node` process with TZ set from the start (Node reads TZ once, at startup). */
function packInChild(tz: string, output: string): void {
  const dir = join(ev.root, 'child');
  if (!existsSync(join(dir, 'register.mjs'))) {
    writeFileSync(join(ev.root, 'loader.mjs'), LOADER);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(ev.root, 'loader.mjs')).href)});\n`,
    );
  }
  const script = `const { pack } = await import(${JSON.stringify(pathToFileURL(join(process.cwd(), 'src/pack/pack.ts')).href)});
process.stdout.write(new Date(2026, 0, 1).toString() + '\\n');
await pack({ evidenceDir: ${JSON.stringify(ev.evidence)}, output: ${JSON.stringify(output)}, toolVersion: '0.0.0-test' });`;
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', script], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.stderr.replace(/^.*ExperimentalWarning.*\n|^.*--trace-warnings.*\n/gm, '')).toBe('');
  expect(r.status).toBe(0);
  // Proof the child really ran in that zone: local midnight of 2026-01-01 prints with its offset.
  expect(r.stdout).toContain(tz === 'Pacific/Auckland' ? 'GMT+1300' : 'GMT-0800');
}

describe('pack', () => {
  it('gives byte-identical zips for the same bundles, whatever the time zone', () => {
    // This process runs with TZ=UTC (vitest.config.ts); the children an hour+ either side of the date line.
    const outs = ['Pacific/Auckland', 'America/Los_Angeles'].map((tz, i) => {
      const out = join(ev.root, `tz-${i}.zip`);
      packInChild(tz, out);
      return readFileSync(out);
    });
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(0);
    expect(outs[0]!.equals(readFileSync(zip))).toBe(true);
    expect(outs[1]!.equals(readFileSync(zip))).toBe(true);
  });

  it('writes the bundles as on disk, the front page, the CSVs and a SHA256SUMS that sha256sum -c accepts', async () => {
    for (const s of ev.sealed) {
      for (const rel of await listFiles(s.dir, s.dir)) {
        expect(readFileSync(join(unpacked, 'bundles', s.name, rel)).equals(readFileSync(join(s.dir, rel)))).toBe(true);
      }
    }
    for (const f of ['index.html', 'controls-criteria.csv', 'exceptions.csv', 'populations/aws.cloudtrail.event.csv'])
      expect(existsSync(join(unpacked, f))).toBe(true);
    expect(existsSync(join(unpacked, 'populations/aws.iam.user.csv'))).toBe(false);
    const sums = readFileSync(join(unpacked, 'SHA256SUMS'), 'utf8');
    expect(
      sums
        .split('\n')
        .filter(Boolean)
        .every((l) => /^[0-9a-f]{64} {2}\S/.test(l)),
    ).toBe(true);
    expect(sums.split('\n').filter(Boolean)).toHaveLength((await listFiles(unpacked, unpacked)).length - 1);
    const r = spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: unpacked, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const csv = readFileSync(join(unpacked, 'exceptions.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('control,check,resource,reason,approver,ticket,expires,expired,findings covered,first bundle,last bundle');
    expect(csv[1]).toBe(
      `CHG-01,chg-01.check,github:acme/legacy,accepted risk,cto@example.com,SEC-142,2026-12-31,no,4,${ev.sealed[0]!.name},${ev.sealed[3]!.name}`,
    );
    const matrix = readFileSync(join(unpacked, 'controls-criteria.csv'), 'utf8').split('\r\n');
    expect(matrix.slice(0, 3)).toEqual([
      'control,title,owner,severity,status (newest bundle),days failing,CC1.1,CC6.1,CC6.2,CC8.1',
      'CHG-01,Control CHG-01,security@example.com,high,pass (excepted),0,,,,x',
      'DOC-01,Control DOC-01,security@example.com,high,pass,1,x,,,',
    ]);
    const text = readFileSync(join(unpacked, 'populations/aws.cloudtrail.event.csv'), 'utf8');
    const pop = text
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n')
      .split('\r\n');
    expect(pop[0]).toBe('bundle,evidence,line,scope,key,EventName,EventTime,Username');
    // A formula-looking value is neutralised for spreadsheets; quotes and commas survive. A record without an event
    // id is keyed by its content: the same record in all four bundles is one row, citing the first.
    const row = `${ev.sealed[0]!.name},bundles/${ev.sealed[0]!.name}/data/records/aws.cloudtrail.event.jsonl,2,123456789012/us-east-1,`;
    expect(pop[2]!.startsWith(row)).toBe(true);
    expect(pop[2]!.endsWith(`,"'=HYPERLINK(""x"")",,"bob, ""the admin"""`)).toBe(true);
    expect(pop.filter(Boolean)).toHaveLength(1 + 4 + 1);
    expect(text).toContain('# rows: 5\n');
    expect(text).toContain('# holes: none\n');
  });

  it('links every failing finding to its evidence file inside the zip', () => {
    const html = readFileSync(join(unpacked, 'index.html'), 'utf8');
    const hrefs = [...html.matchAll(/href="([^"#]+)"/g)].map((m) => decodeURIComponent(m[1]!.replace(/&amp;/g, '&')));
    expect(hrefs).toContain(`bundles/${ev.sealed[1]!.name}/data/records/aws.iam.user.jsonl`);
    // Every link leads to a file in the pack; a finding citing a records file the bundle does not hold is text, not a link.
    expect(hrefs.filter((h) => !existsSync(join(unpacked, h)))).toEqual([]);
    expect(hrefs.some((h) => h.endsWith('access.review.jsonl'))).toBe(false);
    expect(html).toContain('data/records/access.review.jsonl (no such file in the bundle)');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('arn:aws:iam::123456789012:user/bob');
  });

  it('packs a window or named bundles, and refuses an empty window with a clear message', async () => {
    const out = join(ev.root, 'window.zip');
    const r = await pack({ evidenceDir: ev.evidence, from: '2026-01-06', to: '2026-01-07', output: out, toolVersion: 't' });
    expect(r.bundles).toEqual([ev.sealed[1]!.name, ev.sealed[2]!.name]);
    // The window's first bundle links outside it: the chain's start, not a failure.
    expect(await verifyPath(out)).toMatchObject({ ok: true, chain: { start: { bundle: ev.sealed[1]!.name, previous: { name: ev.sealed[0]!.name } } } });
    const named = await pack({
      evidenceDir: ev.evidence,
      names: [ev.sealed[3]!.name, ev.sealed[2]!.dir],
      output: join(ev.root, 'named.zip'),
      toolVersion: 't',
    });
    expect(named.bundles).toEqual([ev.sealed[2]!.name, ev.sealed[3]!.name]);
    // Two bundles with a hole between them would not verify: pack refuses rather than hand that over.
    await expect(
      pack({ evidenceDir: ev.evidence, names: [ev.sealed[0]!.name, ev.sealed[3]!.name], output: join(ev.root, 'holed.zip'), toolVersion: 't' }),
    ).rejects.toMatchObject({
      // The newest missing link is the one the chain can name: day 4 links to day 3.
      details: [expect.stringMatching(new RegExp(`^gap +${ev.sealed[2]!.name}: missing from the chain`))],
    });
    await expect(
      pack({ evidenceDir: ev.evidence, from: '2025-01-01', to: '2025-03-31', output: join(ev.root, 'none.zip'), toolVersion: 't' }),
    ).rejects.toMatchObject({
      constructor: PackInputError,
      message: 'no sealed bundles between 2025-01-01 and 2025-03-31',
      details: [`${ev.evidence} holds 4 bundle(s), ${ev.sealed[0]!.name} … ${ev.sealed[3]!.name}`],
    });
    expect(existsSync(join(ev.root, 'none.zip'))).toBe(false);
  });

  it('refuses to pack a tampered bundle, naming the file (and leaves no zip behind)', async () => {
    const evidence = join(ev.root, 'tampered');
    cpSync(ev.evidence, evidence, { recursive: true });
    writeFileSync(join(evidence, ev.sealed[2]!.name, 'data/report.md'), 'rewritten');
    const out = join(ev.root, 'tampered.zip');
    await expect(pack({ evidenceDir: evidence, output: out, toolVersion: 't' })).rejects.toMatchObject({
      details: [expect.stringContaining(`${ev.sealed[2]!.name}/data/report.md`), expect.stringContaining('Payload-Oxum')],
    });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(ev.root).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

/** Zips a directory tree as a forger would (any tool will do; archiver here). */
async function rezip(dir: string, out: string): Promise<void> {
  const a = new ZipArchive();
  const s = createWriteStream(out);
  a.pipe(s);
  for (const rel of await listFiles(dir, dir)) a.append(readFileSync(join(dir, rel)), { name: rel });
  await a.finalize();
  await once(s, 'close');
}

describe('verify a pack', () => {
  it('is sound as packed (zip and unpacked folder)', async () => {
    expect(await verifyPath(zip)).toMatchObject({ ok: true, target: 'pack', problems: [], pack: { sumsFiles: 40, signature: { signed: false } } });
    expect(await verifyPath(unpacked)).toMatchObject({ ok: true, target: 'unpacked-pack' });
  });

  it('names a flipped byte, a removed file, an added file and a removed bundle', async () => {
    const dir = join(ev.root, 'forged');
    cpSync(unpacked, dir, { recursive: true });
    const [b0, , b2] = ev.sealed.map((s) => s.name);
    const rec = join(dir, 'bundles', b0!, 'data/records/aws.cloudtrail.event.jsonl');
    const buf = readFileSync(rec);
    buf[10] = buf[10]! ^ 0x20;
    writeFileSync(rec, buf);
    rmSync(join(dir, 'exceptions.csv'));
    writeFileSync(join(dir, 'populations', 'extra.csv'), 'a,b\r\n');
    rmSync(join(dir, 'bundles', b2!), { recursive: true });
    const forged = join(ev.root, 'forged.zip');
    await rezip(dir, forged);
    const r = await verifyPath(forged);
    const got = r.problems.map((p) => `${p.kind} ${[p.bundle, p.file].filter(Boolean).join('/')}`);
    expect(got).toEqual(
      expect.arrayContaining([
        `altered bundles/${b0}/data/records/aws.cloudtrail.event.jsonl`,
        `altered ${b0}/data/records/aws.cloudtrail.event.jsonl`,
        'missing exceptions.csv',
        'extra populations/extra.csv',
        `missing bundles/${b2}/data/run.json`,
        `gap ${b2}`,
      ]),
    );
    expect(r.ok).toBe(false);
  });
});

describe('signed packs', () => {
  it('verify with the signing key, and fail with another key, a forged signature or no signature', async () => {
    const keys = await mkdtemp(join(tmpdir(), 'soc2-keys-'));
    try {
      const a = await writeKeyPair(join(keys, 'a'));
      const b = await writeKeyPair(join(keys, 'b'));
      expect(statSync(a.privateKey).mode & 0o777).toBe(0o600);
      const out = join(ev.root, 'signed.zip');
      const r = await pack({ evidenceDir: ev.evidence, output: out, signKey: a.privateKey, toolVersion: 't' });
      expect(r.fingerprint).toBe(a.fingerprint);
      expect(await verifyPath(out)).toMatchObject({ ok: true, pack: { signature: { signed: true, valid: true, fingerprint: a.fingerprint } } });
      expect(await verifyPath(out, { key: a.publicKey })).toMatchObject({ ok: true });
      const wrong = await verifyPath(out, { key: b.publicKey });
      expect(wrong.ok).toBe(false);
      expect(wrong.problems.map((p) => `${p.kind} ${p.file}`)).toEqual(['signature SHA256SUMS.pub', 'signature SHA256SUMS.sig']);
      const dir = join(ev.root, 'resigned');
      expect(await extractZip(out, dir)).toEqual([]);
      expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain(a.fingerprint);
      // A forger who edits SHA256SUMS cannot re-sign with the same key.
      writeFileSync(join(dir, 'SHA256SUMS'), readFileSync(join(dir, 'SHA256SUMS'), 'utf8').replace(/^[0-9a-f]{8}/, '00000000'));
      expect((await verifyPath(dir)).problems.map((p) => `${p.kind} ${p.file}`)).toContain('signature SHA256SUMS.sig');
      expect((await verifyPath(zip, { key: a.publicKey })).problems).toEqual([
        expect.objectContaining({ kind: 'signature', message: expect.stringContaining('not signed') }),
      ]);
    } finally {
      await rm(keys, { recursive: true, force: true });
    }
  });
});
