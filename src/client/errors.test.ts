import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiStatusError, isAlreadyExists, isConflict, isGone, isNotFound } from './errors.ts';
import { statusBody } from './testing.ts';

test('errors from Status bodies keep code, reason and details', () => {
  const err = ApiStatusError.fromResponse(404, JSON.stringify({ ...statusBody(404, 'NotFound', 'pods "x" not found'), details: { name: 'x', kind: 'pods' } }));
  assert.equal(err.code, 404);
  assert.equal(err.reason, 'NotFound');
  assert.equal(err.message, 'pods "x" not found');
  assert.deepEqual(err.details, { name: 'x', kind: 'pods' });
});

test('a body that is not a Status still gives a reason from the code', () => {
  const err = ApiStatusError.fromResponse(503, 'upstream down');
  assert.equal(err.reason, 'ServiceUnavailable');
  assert.equal(err.message, 'upstream down');
});

test('predicates', () => {
  const cases: [ApiStatusError | Error, string[]][] = [
    [new ApiStatusError(404, 'NotFound', ''), ['notFound']],
    [new ApiStatusError(409, 'Conflict', ''), ['conflict']],
    [new ApiStatusError(409, 'AlreadyExists', ''), ['alreadyExists']],
    [new ApiStatusError(410, 'Expired', ''), ['gone']],
    [new ApiStatusError(410, 'Gone', ''), ['gone']],
    [new Error('plain'), []],
  ];
  for (const [err, expected] of cases) {
    const got = Object.entries({ notFound: isNotFound, conflict: isConflict, alreadyExists: isAlreadyExists, gone: isGone }).filter(([, f]) => f(err)).map(([n]) => n);
    assert.deepEqual(got, expected, err.message || (err as ApiStatusError).reason);
  }
});
