import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/engine/run-log.js';
import { describeWarning } from '../../src/cli/progress.js';
import { runEngine } from '../helpers/engine-run.js';

describe('the run log', () => {
  it('keeps a warning no user would otherwise see in data/log.jsonl, says it once as it happens, and holds no secret', async () => {
    const warned: LogEntry[] = [];
    const progress = { start() {}, update() {}, end() {}, warn: (e: LogEntry) => warned.push(e) };
    // Every AWS collector opens each member account and is refused: one warning per account, not one per collector.
    const run = await runEngine(['aws'], [{ provider: 'aws', operation: 'sts:AssumeRole', kind: 'deny' }], { timeoutMs: 2000, progress });
    expect(run.error).toBeUndefined();
    const text = readFileSync(join(run.outcome!.bundle.dir, 'data', 'log.jsonl'), 'utf8');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as LogEntry);
    const opened = lines.filter((l) => l.message === 'aws account could not be opened');
    const accounts = opened.map((l) => l.meta!.account);
    expect(accounts.length).toBeGreaterThan(0);
    expect(new Set(accounts).size).toBe(accounts.length);
    expect(opened[0]).toMatchObject({ level: 'warn', meta: { account: expect.stringMatching(/^\d{12}$/) } });
    expect(String(opened[0]!.meta!.error)).toMatch(/denied|AccessDenied|not authorized/i);
    expect(warned.map((w) => w.meta!.account)).toEqual(accounts);
    expect(describeWarning(warned[0]!)).toMatch(/^aws-[a-z0-9-]+: aws account could not be opened \(account=\d{12}, error=/);
    // The bundle's manifest covers the log like any other data file.
    expect(readFileSync(join(run.outcome!.bundle.dir, 'manifest-sha256.txt'), 'utf8')).toContain('data/log.jsonl');
    expect(text).not.toMatch(/SANDBOXSECRET|aws_secret|ghp_/i);
  });
});
