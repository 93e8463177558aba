import { describe, expect, it } from 'vitest';
import { compileFilter } from './filter.js';

describe('sandbox Okta filter expressions', () => {
  const users = [
    { id: '1', status: 'ACTIVE', profile: { login: 'ada@example.com' }, lastUpdated: '2026-01-10T00:00:00.000Z' },
    { id: '2', status: 'DEPROVISIONED', profile: { login: 'bob@example.com' }, lastUpdated: '2026-02-10T00:00:00.000Z' },
    { id: '3', status: 'SUSPENDED', profile: { login: 'cy@other.org', nickName: null }, lastUpdated: '2026-03-10T00:00:00.000Z' },
  ];
  const ids = (expr: string) => users.filter(compileFilter(expr)).map((u) => u.id);

  it('compares nested attributes with eq, sw, co and pr', () => {
    expect(ids('status eq "DEPROVISIONED"')).toEqual(['2']);
    expect(ids('profile.login sw "ada"')).toEqual(['1']);
    expect(ids('profile.login co "example.com"')).toEqual(['1', '2']);
    expect(ids('profile.nickName pr')).toEqual([]);
    expect(ids('profile.login pr')).toEqual(['1', '2', '3']);
  });

  it('orders ISO timestamps with gt, ge, lt and le', () => {
    expect(ids('lastUpdated gt "2026-02-10T00:00:00.000Z"')).toEqual(['3']);
    expect(ids('lastUpdated ge "2026-02-10T00:00:00.000Z"')).toEqual(['2', '3']);
    expect(ids('lastUpdated lt "2026-02-10T00:00:00.000Z"')).toEqual(['1']);
    expect(ids('lastUpdated le "2026-02-10T00:00:00.000Z"')).toEqual(['1', '2']);
  });

  it('and binds tighter than or; parentheses are ignored; keywords inside quotes are values', () => {
    expect(ids('status eq "ACTIVE" or status eq "SUSPENDED" and profile.login co "other"')).toEqual(['1', '3']);
    expect(ids('(status eq "ACTIVE") or (status eq "DEPROVISIONED")')).toEqual(['1', '2']);
    expect(ids('profile.login eq "x and y"')).toEqual([]);
  });

  it('syntax the sandbox does not know throws (answered as 400 E0000031)', () => {
    expect(() => compileFilter('status equals "ACTIVE"')).toThrow(/Invalid search criteria: status equals "ACTIVE"/);
    expect(() => compileFilter('')).toThrow(/Invalid search criteria/);
  });
});
