import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSelector, selectorFromObject, selectorFromSet } from './labels.ts';
import { SelectorError } from './errors.ts';

const web = { app: 'web', tier: 'front', version: '3' };

describe('parseSelector matching', () => {
  const cases: Array<[string, Record<string, string> | undefined, boolean]> = [
    ['', web, true],
    ['', undefined, true],
    ['app=web', web, true],
    ['app==web', web, true],
    ['app=db', web, false],
    ['app!=db', web, true],
    ['app!=web', web, false],
    ['missing!=x', web, true],
    ['app in (web,db)', web, true],
    ['app in (db)', web, false],
    ['app notin (db)', web, true],
    ['missing notin (db)', web, true],
    ['app notin (web)', web, false],
    ['tier', web, true],
    ['missing', web, false],
    ['!missing', web, true],
    ['!app', web, false],
    ['app=web,tier=front', web, true],
    ['app=web,tier=back', web, false],
    ['  app = web ,  tier in ( front , back ) ', web, true],
    ['version>2', web, true],
    ['version<2', web, false],
    ['app>2', web, false],
    ['empty=', { empty: '' }, true],
    ['empty=', web, false],
    ['example.com/role=x', { 'example.com/role': 'x' }, true],
  ];
  for (const [sel, labels, want] of cases) {
    it(`${JSON.stringify(sel)} on ${JSON.stringify(labels)} → ${want}`, () => {
      assert.equal(parseSelector(sel).matches(labels), want);
    });
  }
});

describe('parseSelector errors', () => {
  const bad: Array<[string, RegExp]> = [
    ['app in ()', /values set can't be empty/],
    ['app in web', /expected: '\('/],
    ['app=web,', /identifier after ','/],
    ['=web', /'!' or identifier/],
    ['app=bad value', /expected: ','/],
    ['app=-bad-', /invalid label value: "-bad-"/],
    ['Bad Key=1', /expected: '='/],
    ['a/b/c=1', /invalid label key "a\/b\/c": a qualified name/],
    ['app in (a', /',' or '\)'/],
    ['version>x', /integer value/],
  ];
  for (const [sel, re] of bad) {
    it(`${JSON.stringify(sel)} fails with ${re}`, () => {
      assert.throws(() => parseSelector(sel), (e: unknown) => e instanceof SelectorError && re.test(e.message));
    });
  }
  it('accepts an empty value after =', () => assert.doesNotThrow(() => parseSelector('app=')));
});

describe('selector string form', () => {
  const cases: Array<[string, string]> = [
    ['b=2,a in (y,x)', 'a in (x,y),b=2'],
    ['!h,g', 'g,!h'],
    ['x notin (z)', 'x notin (z)'],
  ];
  for (const [input, want] of cases) it(`${input} → ${want}`, () => assert.equal(parseSelector(input).toString(), want));
});

describe('selectorFromObject', () => {
  const cases: Array<[string, Parameters<typeof selectorFromObject>[0], Record<string, string>, boolean]> = [
    ['nil selects nothing', undefined, web, false],
    ['empty selects everything', {}, web, true],
    ['matchLabels', { matchLabels: { app: 'web' } }, web, true],
    ['matchLabels mismatch', { matchLabels: { app: 'db' } }, web, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'x'] }] }, web, true],
    ['NotIn', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, web, false],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, web, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, web, false],
    ['ANDed', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, web, false],
  ];
  for (const [name, obj, labels, want] of cases) it(name, () => assert.equal(selectorFromObject(obj).matches(labels), want));

  const bad: Array<[string, Parameters<typeof selectorFromObject>[0], RegExp]> = [
    ['unknown operator', { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, /not a valid label selector operator/],
    ['In without values', { matchExpressions: [{ key: 'a', operator: 'In' }] }, /can't be empty/],
    ['Exists with values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, /must be empty/],
  ];
  for (const [name, obj, re] of bad) it(name, () => assert.throws(() => selectorFromObject(obj), re));
});

it('selectorFromSet', () => {
  assert.equal(selectorFromSet({ app: 'web' }).matches(web), true);
  assert.equal(selectorFromSet({ app: 'web', x: 'y' }).matches(web), false);
  assert.equal(selectorFromSet({}).isEmpty(), true);
});
