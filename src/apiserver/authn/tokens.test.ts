import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenAuthenticators, bearerToken } from './tokens.ts';
import type { TokenAuthenticator, TokenResult } from './types.ts';

test('bearer tokens are read from the Authorization header', () => {
  const table: { header?: string; token?: string }[] = [
    { header: 'Bearer abc', token: 'abc' },
    { header: 'bearer abc', token: 'abc' },
    { header: 'BEARER   abc  ', token: 'abc' },
    { header: 'Bearer ', token: undefined },
    { header: 'Bearer a b', token: undefined },
    { header: 'Basic dXNlcjpwYXNz', token: undefined },
    { header: undefined, token: undefined },
  ];
  for (const { header, token } of table) {
    assert.equal(bearerToken(header === undefined ? {} : { authorization: header }), token, String(header));
  }
});

function fixed(name: string, result: TokenResult): TokenAuthenticator {
  return { name, authenticateToken: () => result };
}

test('token authenticators are tried in registration order; the first identity wins', async () => {
  const user = { name: 'sa', groups: ['system:serviceaccounts', 'system:authenticated'] };
  const table: { name: string; authenticators: TokenAuthenticator[]; want: unknown }[] = [
    { name: 'none registered', authenticators: [], want: { error: 'invalid bearer token' } },
    { name: 'none knows it', authenticators: [fixed('a', undefined), fixed('b', undefined)], want: { error: 'invalid bearer token' } },
    { name: 'second knows it', authenticators: [fixed('a', undefined), fixed('b', { user })], want: { user } },
    { name: 'an error does not stop the search', authenticators: [fixed('a', { error: 'expired' }), fixed('b', { user })], want: { user } },
    { name: 'errors are reported', authenticators: [fixed('a', { error: 'expired' }), fixed('b', { error: 'revoked' })], want: { error: 'expired; revoked' } },
  ];
  for (const row of table) {
    const registry = new TokenAuthenticators();
    for (const a of row.authenticators) registry.register(a);
    assert.deepEqual(await registry.authenticate('t'), row.want, row.name);
  }
});

test('a name can be registered only once', () => {
  const registry = new TokenAuthenticators();
  registry.register(fixed('node-token', undefined));
  assert.throws(() => registry.register(fixed('node-token', undefined)), /already registered/);
  assert.deepEqual(registry.names(), ['node-token']);
});
