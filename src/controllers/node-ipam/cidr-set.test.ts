import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CidrSet } from './cidr-set.ts';

describe('CidrSet', () => {
  it('hands out /24s of a /16 in order, never twice', () => {
    const set = new CidrSet('10.42.0.0/16', 24);
    assert.equal(set.capacity, 256);
    const got = Array.from({ length: 256 }, () => set.allocateNext());
    assert.equal(got[0], '10.42.0.0/24');
    assert.equal(got[1], '10.42.1.0/24');
    assert.equal(got[255], '10.42.255.0/24');
    assert.equal(new Set(got).size, 256);
    assert.equal(set.allocateNext(), undefined, 'full');
  });

  it('skips occupied subnets and reuses released ones only after the cursor comes round', () => {
    const set = new CidrSet('10.42.0.0/16', 24);
    assert.ok(set.occupy('10.42.0.0/24'));
    assert.equal(set.allocateNext(), '10.42.1.0/24');
    set.release('10.42.0.0/24');
    assert.equal(set.allocateNext(), '10.42.2.0/24');
    assert.equal(set.isUsed('10.42.0.0/24'), false);
  });

  const foreign: [string, string][] = [
    ['another range', '10.99.0.0/24'],
    ['another mask', '10.42.0.0/25'],
    ['garbage', 'nonsense'],
  ];
  for (const [what, cidr] of foreign) {
    it(`refuses to occupy ${what}`, () => {
      const set = new CidrSet('10.42.0.0/16', 24);
      assert.equal(set.occupy(cidr), false);
    });
  }
});
