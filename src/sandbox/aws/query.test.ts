import { describe, expect, it } from 'vitest';
import { el, formList, jsonErrorBody, members, parseForm, queryBody, queryErrorBody } from './query.js';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

describe('sandbox awsQuery and awsJson shapes', () => {
  it('the error envelope is Sender for 4xx and Receiver for 5xx, with code and message escaped', () => {
    const denied = queryErrorBody(NS, 'AccessDenied', 'User <x> & "y" is not authorized', 403);
    expect(denied).toContain(`<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>AccessDenied</Code>`);
    expect(denied).toContain('<Message>User &lt;x&gt; &amp; &quot;y&quot; is not authorized</Message>');
    expect(denied).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
    expect(queryErrorBody(NS, 'ServiceFailure', 'boom', 500)).toContain('<Type>Receiver</Type>');
  });

  it('awsJson errors carry the code in __type', () => {
    expect(JSON.parse(jsonErrorBody('AccessDeniedException', 'no'))).toEqual({ __type: 'AccessDeniedException', message: 'no' });
  });

  it('the success envelope wraps the result as <Op>Response/<Op>Result with response metadata', () => {
    const body = queryBody('ListUsers', NS, '<IsTruncated>false</IsTruncated>');
    expect(body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ListUsersResponse xmlns="[^"]+"><ListUsersResult><IsTruncated>false<\/IsTruncated><\/ListUsersResult><ResponseMetadata><RequestId>/,
    );
  });

  it('absent members stay absent, dates are ISO seconds, lists are <member> elements and an empty list is one empty tag', () => {
    expect(el('PasswordLastUsed', undefined)).toBe('');
    expect(el('PasswordLastUsed', null)).toBe('');
    expect(el('CreateDate', new Date('2026-01-02T03:04:05.678Z'))).toBe('<CreateDate>2026-01-02T03:04:05Z</CreateDate>');
    expect(members('Users', ['a', 'b'], (u) => el('UserName', u))).toBe(
      '<Users><member><UserName>a</UserName></member><member><UserName>b</UserName></member></Users>',
    );
    expect(members('Users', [], () => '')).toBe('<Users/>');
  });

  it('form lists are read in member-number order, not arrival order', () => {
    const params = parseForm(
      Buffer.from('Action=GetAccountAuthorizationDetails&Filter.member.10=LocalManagedPolicy&Filter.member.2=Role&Filter.member.1=User'),
    );
    expect(params.Action).toBe('GetAccountAuthorizationDetails');
    expect(formList(params, 'Filter')).toEqual(['User', 'Role', 'LocalManagedPolicy']);
    expect(formList(params, 'Other')).toEqual([]);
  });
});
