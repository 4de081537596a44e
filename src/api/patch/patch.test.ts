import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, PatchError, mergePatch } from './index.ts';
import { testLookup } from './testtypes.ts';

const deployment = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'a' }] } } } };
const run = (kind: Parameters<typeof applyPatch>[0], patch: unknown, original: unknown = deployment) => applyPatch(kind, original, patch, testLookup, 'Deployment');

describe('mergePatch (RFC 7386 appendix A)', () => {
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, want] of cases) it(`${JSON.stringify(target)} + ${JSON.stringify(patch)}`, () => assert.deepEqual(mergePatch(target, patch), want));
});

describe('applyPatch', () => {
  it('merge: kubectl scale style', () => {
    assert.deepEqual((run('merge', '{"spec":{"replicas":3}}') as any).spec.replicas, 3);
  });
  it('merge: lists are replaced', () => {
    const got = run('merge', { spec: { template: { spec: { containers: [{ name: 'x', image: 'b' }] } } } }) as any;
    assert.deepEqual(got.spec.template.spec.containers, [{ name: 'x', image: 'b' }]);
  });
  it('strategic: lists merge by key', () => {
    const got = run('strategic', { spec: { template: { spec: { containers: [{ name: 'x', image: 'b' }] } } } }) as any;
    assert.deepEqual(got.spec.template.spec.containers.map((c: any) => c.name), ['web', 'x']);
  });
  it('json: operations apply in order and the original is untouched', () => {
    const before = structuredClone(deployment);
    const got = run('json', [
      { op: 'test', path: '/spec/replicas', value: 1 },
      { op: 'replace', path: '/spec/replicas', value: 5 },
      { op: 'add', path: '/metadata/labels/tier', value: 'front' },
      { op: 'remove', path: '/spec/template/spec/containers/0/image' },
    ]) as any;
    assert.equal(got.spec.replicas, 5);
    assert.equal(got.metadata.labels.tier, 'front');
    assert.deepEqual(got.spec.template.spec.containers[0], { name: 'web' });
    assert.deepEqual(deployment, before);
  });
  it('apply: YAML body merged like a strategic patch', () => {
    const got = run('apply', 'spec:\n  replicas: 2\n') as any;
    assert.equal(got.spec.replicas, 2);
    assert.equal(got.metadata.name, 'web');
  });
  it('apply: creates from nothing', () => {
    assert.deepEqual(run('apply', { metadata: { name: 'n' } }, null), { metadata: { name: 'n' } });
  });

  const errors: Array<[string, Parameters<typeof applyPatch>[0], unknown, 400 | 422, RegExp]> = [
    ['json test fails', 'json', [{ op: 'test', path: '/spec/replicas', value: 9 }], 422, /testing value \/spec\/replicas failed/],
    ['json path missing', 'json', [{ op: 'replace', path: '/spec/nope/x', value: 1 }], 422, /doc is missing path/],
    ['json bad op', 'json', [{ op: 'explode', path: '/a' }], 400, /not one of operations/],
    ['json not an array', 'json', { op: 'add' }, 400, /JSON array/],
    ['bad JSON body', 'strategic', '{nope', 400, /error decoding patch/],
    ['merge body not an object', 'merge', '[1]', 400, /must be a JSON object/],
    ['bad YAML body', 'apply', 'a: [', 400, /error decoding patch/],
  ];
  for (const [name, kind, patch, code, re] of errors) {
    it(`error: ${name}`, () => assert.throws(() => run(kind, patch), (e: unknown) => e instanceof PatchError && e.code === code && re.test(e.message)));
  }
});
