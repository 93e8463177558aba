import { describe, expect, it } from 'vitest';
import { maskSecrets, RunLog, type LogEntry } from './run-log.js';

describe('the run log', () => {
  it('keeps fixed messages with flat metadata, masks token shapes, cuts long text and says warnings as they come', () => {
    const said: LogEntry[] = [];
    const log = new RunLog((e) => said.push(e));
    const aws = log.for('aws-iam');
    aws.info('aws service not enabled in region', { region: 'eu-west-1', code: 'OptInRequired' });
    aws.warn('aws account could not be opened', {
      account: '222222222222',
      error: new Error('AccessDenied: role\nstack line'),
      fn: () => 1,
      deep: { a: 1 },
      missing: undefined,
    });
    log.for('github').debug('page', { text: 'x'.repeat(1000), token: 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789' });
    expect(said.map((e) => [e.collector, e.message])).toEqual([['aws-iam', 'aws account could not be opened']]);
    expect(log.warnings).toBe(1);
    const lines = log
      .jsonl()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as LogEntry);
    expect(lines.map((l) => l.level)).toEqual(['info', 'warn', 'debug']);
    expect(lines[1]!.meta).toEqual({ account: '222222222222', error: 'AccessDenied: role', fn: '[function]', deep: '{"a":1}', missing: null });
    expect(String(lines[2]!.meta!.text).length).toBe(300);
    expect(lines[2]!.meta!.token).toBe('token [redacted]');
    expect(log.jsonl()).not.toContain('ghp_');
  });

  it('masks the token shapes of every provider', () => {
    for (const secret of [
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnop',
      '00abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN',
      'AKIAABCDEFGHIJKLMNOP',
      'SSWS 00abcdefghijklmnopqrstuvwxyz0123456789ab',
      'X-Amz-Signature=abcdef0123456789',
    ])
      expect(maskSecrets(`before ${secret} after`)).not.toContain(secret.slice(-12));
  });

  it('stops keeping entries at its cap and says how many it dropped', () => {
    const log = new RunLog();
    const l = log.for('okta');
    for (let i = 0; i < 10_005; i++) l.debug('page read', { i });
    const lines = log.jsonl().trimEnd().split('\n');
    expect(lines).toHaveLength(10_001);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ message: 'log entries dropped past the cap', meta: { dropped: 5, cap: 10_000 } });
  });

  it('writes nothing for a run that said nothing', () => {
    expect(new RunLog().jsonl()).toBe('');
  });
});
