import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicPatch } from './strategic.ts';
import { PatchError } from './errors.ts';
import { testLookup } from './testtypes.ts';

const c = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: `${name}:1`, ...extra });
const deploy = (podSpec: Record<string, unknown>, meta: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) => ({
  metadata: { name: 'web', labels: { app: 'web' }, ...meta },
  spec: { replicas: 1, template: { metadata: { labels: { app: 'web' } }, spec: podSpec }, ...spec },
});
const podPatch = (podSpec: Record<string, unknown>) => ({ spec: { template: { spec: podSpec } } });
const smp = (original: unknown, patch: unknown) => applyStrategicPatch(original, patch, testLookup, 'Deployment');

const cases: Array<{ name: string; original: any; patch: any; want: any }> = [
  {
    name: 'set image touches one container (kubectl set image)',
    original: deploy({ containers: [c('web', { env: [{ name: 'A', value: '1' }] }), c('log')] }),
    patch: podPatch({ containers: [{ name: 'web', image: 'web:2' }] }),
    want: deploy({ containers: [c('web', { image: 'web:2', env: [{ name: 'A', value: '1' }] }), c('log')] }),
  },
  {
    name: 'new list item is appended, nested merge lists merge by key',
    original: deploy({ containers: [c('web', { env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80, protocol: 'TCP' }] })] }),
    patch: podPatch({ containers: [{ name: 'web', env: [{ name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'UDP' }] }, c('side')] }),
    want: deploy({ containers: [c('web', { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'UDP' }] }), c('side')] }),
  },
  {
    name: '$patch: delete removes a list item by merge key',
    original: deploy({ containers: [c('web'), c('log')] }),
    patch: podPatch({ containers: [{ name: 'log', $patch: 'delete' }] }),
    want: deploy({ containers: [c('web')] }),
  },
  {
    name: '$patch: replace replaces the whole list',
    original: deploy({ containers: [c('web'), c('log')] }),
    patch: podPatch({ containers: [{ $patch: 'replace' }, c('only')] }),
    want: deploy({ containers: [c('only')] }),
  },
  {
    name: 'null deletes a map key; maps merge (kubectl label / annotate / rollout restart)',
    original: deploy({ containers: [] }, { labels: { app: 'web', tier: 'x' }, annotations: { a: '1' } }),
    patch: { metadata: { labels: { tier: null, env: 'prod' }, annotations: { 'kubectl.kubernetes.io/restartedAt': 't' } } },
    want: deploy({ containers: [] }, { labels: { app: 'web', env: 'prod' }, annotations: { a: '1', 'kubectl.kubernetes.io/restartedAt': 't' } }),
  },
  {
    name: 'null for an absent key is dropped',
    original: { metadata: { name: 'x' } },
    patch: { metadata: { labels: { a: null, b: '1' }, annotations: null } },
    want: { metadata: { name: 'x', labels: { b: '1' } } },
  },
  {
    name: 'lists without merge strategy are replaced',
    original: deploy({ containers: [c('web', { args: ['a', 'b'] })], tolerations: [{ key: 'a' }, { key: 'b' }] }),
    patch: podPatch({ containers: [{ name: 'web', args: ['c'] }], tolerations: [{ key: 'c' }] }),
    want: deploy({ containers: [c('web', { args: ['c'] })], tolerations: [{ key: 'c' }] }),
  },
  {
    name: 'patchStrategy replace on a map replaces it',
    original: deploy({ containers: [], nodeSelector: { a: '1', b: '2' } }),
    patch: podPatch({ nodeSelector: { c: '3' } }),
    want: deploy({ containers: [], nodeSelector: { c: '3' } }),
  },
  {
    name: 'primitive merge lists are sets; $deleteFromPrimitiveList removes',
    original: { metadata: { finalizers: ['a', 'b'] } },
    patch: { metadata: { finalizers: ['b', 'c'], '$deleteFromPrimitiveList/finalizers': ['a'] } },
    want: { metadata: { finalizers: ['b', 'c'] } },
  },
  {
    name: '$setElementOrder places a new item where the applier put it',
    original: deploy({ containers: [c('a'), c('b')] }),
    patch: podPatch({ '$setElementOrder/containers': [{ name: 'a' }, { name: 'new' }, { name: 'b' }], containers: [c('new')] }),
    want: deploy({ containers: [c('a'), c('new'), c('b')] }),
  },
  {
    name: '$setElementOrder keeps server-only items in place',
    original: deploy({ containers: [c('a'), c('injected'), c('b')] }),
    patch: podPatch({ '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] }),
    want: deploy({ containers: [c('injected'), c('b'), c('a')] }),
  },
  {
    name: '$setElementOrder on a primitive list',
    original: { metadata: { finalizers: ['x', 'y'] } },
    patch: { metadata: { '$setElementOrder/finalizers': ['y', 'x'] } },
    want: { metadata: { finalizers: ['y', 'x'] } },
  },
  {
    name: '$retainKeys drops the strategy fields not listed (Recreate)',
    original: deploy({ containers: [] }, {}, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }),
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    want: deploy({ containers: [] }, {}, { strategy: { type: 'Recreate' } }),
  },
  {
    name: '$retainKeys inside a merge list item (volume source switch)',
    original: deploy({ containers: [], volumes: [{ name: 'data', emptyDir: {} }] }),
    patch: podPatch({ volumes: [{ name: 'data', hostPath: { path: '/d' }, $retainKeys: ['hostPath', 'name'] }] }),
    want: deploy({ containers: [], volumes: [{ name: 'data', hostPath: { path: '/d' } }] }),
  },
  {
    name: '$patch: replace in a map',
    original: deploy({ containers: [] }, { labels: { a: '1', b: '2' } }),
    patch: { metadata: { labels: { $patch: 'replace', c: '3' } } },
    want: deploy({ containers: [] }, { labels: { c: '3' } }),
  },
  {
    name: '$patch: delete in a map empties it',
    original: deploy({ containers: [] }, { annotations: { a: '1' } }),
    patch: { metadata: { annotations: { $patch: 'delete' } } },
    want: deploy({ containers: [] }, { annotations: {} }),
  },
  {
    name: 'directives in a new subtree are resolved, not stored',
    original: { metadata: { name: 'x' } },
    patch: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'a', image: 'i', env: [{ name: 'E', value: null }] }] } } } },
    want: { metadata: { name: 'x' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'i', env: [{ name: 'E' }] }] } } } },
  },
  {
    name: 'a type mismatch takes the patch value',
    original: { spec: { replicas: { weird: true } } },
    patch: { spec: { replicas: 3 } },
    want: { spec: { replicas: 3 } },
  },
];

describe('applyStrategicPatch', () => {
  for (const t of cases) {
    it(t.name, () => {
      const before = structuredClone(t.original);
      assert.deepEqual(smp(t.original, t.patch), t.want);
      assert.deepEqual(t.original, before, 'original must not be mutated');
    });
  }

  it('unknown types (custom resources) fall back to merge semantics', () => {
    const cr = { spec: { items: [{ name: 'a', v: 1 }], conf: { a: 1, b: 2 } } };
    const got = applyStrategicPatch(cr, { spec: { items: [{ name: 'b' }], conf: { b: null, c: 3 } } }, testLookup, 'example.com.v1.Widget');
    assert.deepEqual(got, { spec: { items: [{ name: 'b' }], conf: { a: 1, c: 3 } } });
  });

  const errors: Array<[string, unknown, 400 | 422, RegExp]> = [
    ['patch must be an object', [1], 400, /must be a JSON object/],
    ['merge key missing', podPatch({ containers: [{ image: 'x' }] }), 400, /does not contain declared merge key: name/],
    ['unknown list directive', podPatch({ containers: [{ name: 'web', $patch: 'explode' }] }), 400, /unknown patch type/],
    ['merge directive in list', podPatch({ containers: [{ $patch: 'merge' }] }), 400, /merging lists cannot yet be specified/],
    ['unknown map directive', { metadata: { labels: { $patch: 'nope' } } }, 400, /unknown patch type/],
    ['setElementOrder not a list', podPatch({ '$setElementOrder/containers': 'x' }), 400, /set element order list/],
    ['deleteFromPrimitiveList not a list', { metadata: { '$deleteFromPrimitiveList/finalizers': 1 } }, 400, /primitive list/],
    ['retainKeys not a list', { spec: { strategy: { $retainKeys: 'type' } } }, 400, /format of retainKeys/],
    ['patch content outside retainKeys', { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, 422, /doesn't match retainKeys/],
    ['list of lists', podPatch({ containers: [['a']] }), 422, /lists of lists/],
  ];
  for (const [name, patch, code, re] of errors) {
    it(`error: ${name}`, () => {
      assert.throws(
        () => smp(deploy({ containers: [c('web')] }), patch),
        (e: unknown) => e instanceof PatchError && e.code === code && re.test(e.message),
      );
    });
  }
});
