import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Container, Pod, Secret, Service } from 'kubernetes-types/core/v1.d.ts';
import type { ConfigSource } from '../volumes/source.ts';
import { containerEnv } from './env.ts';
import { expand } from './expansion.ts';

test('$(VAR) expansion as upstream', () => {
  const vars: Record<string, string> = { A: 'a', B: 'b', EMPTY: '' };
  const cases: [string, string][] = [
    ['$(A)', 'a'], ['x$(A)y$(B)', 'xayb'], ['$(MISSING)', '$(MISSING)'], ['$$(A)', '$(A)'], ['$$$(A)', '$a'],
    ['$(A', '$(A'], ['$A', '$A'], ['a$', 'a$'], ['$(EMPTY)x', 'x'], ['$()', '$()'], ['100$$', '100$'],
  ];
  for (const [input, want] of cases) assert.equal(expand(input, (n) => vars[n]), want, input);
});

const b64 = (s: string) => Buffer.from(s).toString('base64');

function source(objects: { configMaps?: ConfigMap[]; secrets?: Secret[]; services?: Service[] }): ConfigSource {
  const find = <T extends { metadata?: { namespace?: string; name?: string } }>(list: T[] | undefined, ns: string, name: string) => list?.find((o) => o.metadata?.namespace === ns && o.metadata?.name === name);
  return {
    configMap: async (ns, name) => find(objects.configMaps, ns, name),
    secret: async (ns, name) => find(objects.secrets, ns, name),
    services: async () => objects.services ?? [],
    token: async () => ({ token: 't', expiresAt: 0 }),
  };
}

const world = source({
  configMaps: [{ metadata: { namespace: 'ns', name: 'cfg' }, data: { MODE: 'fast', 'not valid!': 'x', LEVEL: '3' } }],
  secrets: [{ metadata: { namespace: 'ns', name: 'creds' }, data: { password: b64('s3cret'), USER: b64('admin') } }],
  services: [
    { metadata: { namespace: 'default', name: 'kubernetes' }, spec: { clusterIP: '10.43.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] } },
    { metadata: { namespace: 'ns', name: 'redis-main' }, spec: { clusterIP: '10.43.0.20', ports: [{ port: 6379 }, { name: 'metrics', port: 9121, protocol: 'TCP' }] } },
    { metadata: { namespace: 'ns', name: 'headless' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } },
    { metadata: { namespace: 'other', name: 'elsewhere' }, spec: { clusterIP: '10.43.0.30', ports: [{ port: 80 }] } },
  ],
});

function pod(c: Container, enableServiceLinks?: boolean): Pod {
  return {
    metadata: { name: 'web', namespace: 'ns', uid: 'u-1', labels: { app: 'web' }, annotations: { team: 'a' } },
    spec: { nodeName: 'n1', serviceAccountName: 'sa', containers: [c], ...(enableServiceLinks === undefined ? {} : { enableServiceLinks }) },
  };
}

const ctx = { source: world, allocatable: { cpu: '4', memory: '8Gi' }, podIPs: ['10.42.0.7'], hostIPs: ['10.41.0.2'] };

test('env: envFrom with prefix, values expanded in order, valueFrom sources, service links last', async () => {
  const c: Container = {
    name: 'app',
    resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }, { secretRef: { name: 'creds' } }],
    env: [
      { name: 'GREETING', value: 'hello $(CFG_MODE) $(UNDEFINED) $$(ESCAPED)' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'LEVEL' } } },
      { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'missing', key: 'x', optional: true } } },
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
      { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
      { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'IPS', valueFrom: { fieldRef: { fieldPath: 'status.podIPs' } } },
      { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'CPU_REQ_M', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
      { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      { name: 'MEM_LIMIT_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'SVC', value: '$(REDIS_MAIN_SERVICE_HOST):$(REDIS_MAIN_SERVICE_PORT)' },
      { name: 'KUBERNETES_SERVICE_PORT', value: 'overridden' },
    ],
  };
  const env = Object.fromEntries((await containerEnv(pod(c), c, ctx)).map((e) => [e.key, e.value]));
  assert.deepEqual(env, {
    CFG_MODE: 'fast', CFG_LEVEL: '3', password: 's3cret', USER: 'admin',
    GREETING: 'hello fast $(UNDEFINED) $(ESCAPED)', PASSWORD: 's3cret', LEVEL: '3',
    POD: 'web', NS: 'ns', UID: 'u-1', APP: 'web', NODE: 'n1', SA: 'sa', IP: '10.42.0.7', IPS: '10.42.0.7', HOST: '10.41.0.2',
    CPU_REQ_M: '250', CPU_LIMIT: '4', MEM_LIMIT_MI: '128', SVC: '10.43.0.20:6379',
    KUBERNETES_SERVICE_PORT: 'overridden',
    KUBERNETES_SERVICE_HOST: '10.43.0.1', KUBERNETES_SERVICE_PORT_HTTPS: '443', KUBERNETES_PORT: 'tcp://10.43.0.1:443',
    KUBERNETES_PORT_443_TCP: 'tcp://10.43.0.1:443', KUBERNETES_PORT_443_TCP_PROTO: 'tcp', KUBERNETES_PORT_443_TCP_PORT: '443', KUBERNETES_PORT_443_TCP_ADDR: '10.43.0.1',
    REDIS_MAIN_SERVICE_HOST: '10.43.0.20', REDIS_MAIN_SERVICE_PORT: '6379', REDIS_MAIN_SERVICE_PORT_METRICS: '9121', REDIS_MAIN_PORT: 'tcp://10.43.0.20:6379',
    REDIS_MAIN_PORT_6379_TCP: 'tcp://10.43.0.20:6379', REDIS_MAIN_PORT_6379_TCP_PROTO: 'tcp', REDIS_MAIN_PORT_6379_TCP_PORT: '6379', REDIS_MAIN_PORT_6379_TCP_ADDR: '10.43.0.20',
    REDIS_MAIN_PORT_9121_TCP: 'tcp://10.43.0.20:9121', REDIS_MAIN_PORT_9121_TCP_PROTO: 'tcp', REDIS_MAIN_PORT_9121_TCP_PORT: '9121', REDIS_MAIN_PORT_9121_TCP_ADDR: '10.43.0.20',
  });
});

test('env: enableServiceLinks false keeps only the kubernetes service', async () => {
  const c: Container = { name: 'app' };
  const keys = (await containerEnv(pod(c, false), c, ctx)).map((e) => e.key);
  assert.ok(keys.includes('KUBERNETES_SERVICE_HOST'));
  assert.ok(!keys.some((k) => k.startsWith('REDIS_MAIN')));
});

test('env: missing required sources fail with upstream messages', async () => {
  const cases: [Container['env'] | undefined, Container['envFrom'] | undefined, string][] = [
    [[{ name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope' } } }], undefined, "couldn't find key nope in Secret ns/creds"],
    [[{ name: 'P', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nope' } } }], undefined, "couldn't find key nope in ConfigMap ns/cfg"],
    [[{ name: 'P', valueFrom: { secretKeyRef: { name: 'gone', key: 'x' } } }], undefined, 'secret "gone" not found'],
    [[{ name: 'P', valueFrom: { configMapKeyRef: { name: 'gone', key: 'x' } } }], undefined, 'configmap "gone" not found'],
    [undefined, [{ configMapRef: { name: 'gone' } }], 'configmap "gone" not found'],
    [undefined, [{ secretRef: { name: 'gone' } }], 'secret "gone" not found'],
    [[{ name: 'P', valueFrom: { fieldRef: { fieldPath: 'spec.nope' } } }], undefined, 'unsupported fieldPath: spec.nope'],
  ];
  for (const [env, envFrom, message] of cases) {
    const c: Container = { name: 'app', ...(env ? { env } : {}), ...(envFrom ? { envFrom } : {}) };
    await assert.rejects(containerEnv(pod(c), c, ctx), { name: 'ContainerConfigError', message });
  }
  const optional: Container = { name: 'app', envFrom: [{ secretRef: { name: 'gone', optional: true } }], env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope', optional: true } } }] };
  assert.ok(!(await containerEnv(pod(optional), optional, ctx)).some((e) => e.key === 'P'));
});
