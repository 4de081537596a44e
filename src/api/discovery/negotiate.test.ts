import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negotiateDiscovery } from './negotiate.ts';

// Accept headers client-go's discovery client sends for /api and /apis (acceptDiscoveryFormats).
const V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const KUBECTL_1_27_TO_1_29 = `${V2BETA1},application/json`;
const KUBECTL_1_30_TO_1_33 = `${V2},${V2BETA1},application/json`;

const cases: { name: string; accept: string | undefined; want: string | undefined }[] = [
  { name: 'kubectl 1.27', accept: KUBECTL_1_27_TO_1_29, want: V2BETA1 },
  { name: 'kubectl 1.28', accept: KUBECTL_1_27_TO_1_29, want: V2BETA1 },
  { name: 'kubectl 1.29', accept: KUBECTL_1_27_TO_1_29, want: V2BETA1 },
  { name: 'kubectl 1.30', accept: KUBECTL_1_30_TO_1_33, want: V2 },
  { name: 'kubectl 1.31', accept: KUBECTL_1_30_TO_1_33, want: V2 },
  { name: 'kubectl 1.32', accept: KUBECTL_1_30_TO_1_33, want: V2 },
  { name: 'kubectl 1.33', accept: KUBECTL_1_30_TO_1_33, want: V2 },
  { name: 'legacy-only client (UseLegacyDiscovery)', accept: 'application/json', want: 'application/json' },
  { name: 'no Accept', accept: undefined, want: 'application/json' },
  { name: 'anything', accept: '*/*', want: 'application/json' },
  { name: 'spaces and case', accept: ' Application/JSON ; G=apidiscovery.k8s.io ; V=v2 ; AS=APIGroupDiscoveryList ', want: V2 },
  { name: 'q-values reorder', accept: `${V2BETA1};q=0.5,${V2};q=0.9`, want: V2 },
  { name: 'q=0 excludes', accept: `${V2};q=0,application/json`, want: 'application/json' },
  { name: 'protobuf aggregated then JSON', accept: 'application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json', want: 'application/json' },
  { name: 'unknown profile falls through', accept: `${V2};profile=nopeer,application/json`, want: 'application/json' },
  { name: 'unknown version only', accept: 'application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList', want: undefined },
  { name: 'protobuf only', accept: 'application/vnd.kubernetes.protobuf', want: undefined },
];

for (const c of cases) {
  test(`negotiateDiscovery: ${c.name}`, () => {
    assert.equal(negotiateDiscovery(c.accept)?.contentType, c.want);
  });
}

test('negotiateDiscovery names the aggregated version it chose', () => {
  assert.deepEqual(negotiateDiscovery(KUBECTL_1_27_TO_1_29), { format: 'aggregated', version: 'v2beta1', contentType: V2BETA1 });
});
