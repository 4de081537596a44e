import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from './index.ts';
import { causeString, invalidMessage, invalidStatus, invalid, required } from './field.ts';

const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'default', ...extra });
const container = (name: string, image = 'nginx', extra: Record<string, unknown> = {}) => ({ name, image, ...extra });
const podSpec = (containers: unknown[], extra: Record<string, unknown> = {}) => ({ containers, restartPolicy: 'Always', ...extra });
const deployment = (spec: Record<string, unknown>) => ({
  metadata: meta('web'),
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: podSpec([container('web')]) },
    ...spec,
  },
});
const service = (spec: Record<string, unknown>) => ({ metadata: meta('web'), spec: { ports: [{ port: 80, protocol: 'TCP' }], ...spec } });

/** Each row: kind, object, optional old object, the expected "field: message" strings. */
const cases: Array<{ name: string; kind: string; obj: any; old?: any; namespaced?: boolean; want: string[] }> = [
  { name: 'valid pod', kind: 'Pod', obj: { metadata: meta('web'), spec: podSpec([container('web')]) }, want: [] },
  {
    name: 'bad pod name',
    kind: 'Pod',
    obj: { metadata: meta('Bad_Name'), spec: podSpec([container('web')]) },
    want: [
      `metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
  },
  { name: 'missing name', kind: 'ConfigMap', obj: { metadata: { namespace: 'default' } }, want: ['metadata.name: Required value: name or generateName is required'] },
  { name: 'generateName with trailing dash', kind: 'ConfigMap', obj: { metadata: { generateName: 'web-', name: 'web-x1', namespace: 'default' } }, want: [] },
  { name: 'namespace required', kind: 'ConfigMap', namespaced: true, obj: { metadata: { name: 'a' } }, want: ['metadata.namespace: Required value'] },
  { name: 'namespace forbidden', kind: 'Node', namespaced: false, obj: { metadata: { name: 'n1', namespace: 'x' } }, want: ['metadata.namespace: Forbidden: not allowed on this type'] },
  { name: 'namespace name is a DNS label', kind: 'Namespace', namespaced: false, obj: { metadata: { name: 'a.b' } }, want: [`metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`] },
  { name: 'service name is DNS-1035', kind: 'Service', obj: service({}), want: [] },
  { name: 'service name digit first', kind: 'Service', obj: { ...service({}), metadata: meta('1web') }, want: [`metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`] },
  { name: 'rbac names may contain colons', kind: 'ClusterRole', namespaced: false, obj: { metadata: { name: 'system:controller:x' } }, want: [] },
  { name: 'bad label key', kind: 'ConfigMap', obj: { metadata: meta('a', { labels: { 'a/b/c': 'x' } }) }, want: [`metadata.labels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`] },
  { name: 'annotations too large', kind: 'ConfigMap', obj: { metadata: meta('a', { annotations: { big: 'x'.repeat(256 * 1024) } }) }, want: ['metadata.annotations: Too long: must have at most 262144 bytes'] },
  { name: 'name immutable', kind: 'ConfigMap', obj: { metadata: meta('b') }, old: { metadata: meta('a') }, want: ['metadata.name: Invalid value: "b": field is immutable'] },
  { name: 'finalizer not qualified', kind: 'ConfigMap', obj: { metadata: meta('a', { finalizers: ['mine'] }) }, want: ['metadata.finalizers: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified'] },
  { name: 'pod without containers', kind: 'Pod', obj: { metadata: meta('p'), spec: { restartPolicy: 'Always' } }, want: ['spec.containers: Required value'] },
  {
    name: 'pod container rules',
    kind: 'Pod',
    obj: { metadata: meta('p'), spec: podSpec([container('web'), container('web', ''), { image: 'x' }]) },
    want: ['spec.containers[1].image: Required value', 'spec.containers[1].name: Duplicate value: "web"', 'spec.containers[2].name: Required value'],
  },
  {
    name: 'container ports and mounts',
    kind: 'Pod',
    obj: { metadata: meta('p'), spec: podSpec([container('web', 'nginx', { ports: [{ containerPort: 70000, protocol: 'FOO' }], volumeMounts: [{ name: 'data', mountPath: '/d' }] })]) },
    want: [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[0].protocol: Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ],
  },
  { name: 'pod template', kind: 'PodTemplate', obj: { metadata: meta('t'), template: { spec: podSpec([container('Web')]) } }, want: [`template.spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`] },
  { name: 'valid deployment', kind: 'Deployment', obj: deployment({}), want: [] },
  { name: 'negative replicas', kind: 'Deployment', obj: deployment({ replicas: -1 }), want: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'] },
  { name: 'deployment without selector', kind: 'Deployment', obj: deployment({ selector: undefined }), want: ['spec.selector: Required value'] },
  { name: 'deployment empty selector', kind: 'Deployment', obj: deployment({ selector: {} }), want: ['spec.selector: Invalid value: map[string]string{}: empty selector is invalid for deployment'] },
  { name: 'selector does not match', kind: 'Deployment', obj: deployment({ selector: { matchLabels: { app: 'db' } } }), want: ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'] },
  {
    name: 'deployment restart policy',
    kind: 'Deployment',
    obj: deployment({ template: { metadata: { labels: { app: 'web' } }, spec: podSpec([container('web')], { restartPolicy: 'Never' }) } }),
    want: ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  },
  { name: 'rolling update both zero', kind: 'Deployment', obj: deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } } }), want: ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'] },
  { name: 'deployment selector immutable', kind: 'Deployment', obj: deployment({ selector: { matchLabels: { app: 'web', x: 'y' } }, template: { metadata: { labels: { app: 'web', x: 'y' } }, spec: podSpec([container('web')]) } }), old: deployment({}), want: ['spec.selector: Invalid value: {"matchLabels":{"app":"web","x":"y"}}: field is immutable'] },
  { name: 'statefulset forbidden update', kind: 'StatefulSet', obj: deployment({ serviceName: 'b' }), old: deployment({ serviceName: 'a' }), want: ["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"] },
  { name: 'statefulset replicas change allowed', kind: 'StatefulSet', obj: deployment({ replicas: 3 }), old: deployment({}), want: [] },
  { name: 'daemonset empty selector', kind: 'DaemonSet', obj: deployment({ replicas: undefined, selector: { matchLabels: {} } }), want: ['spec.selector: Invalid value: {"matchLabels":{}}: empty selector is invalid for daemonset'] },
  { name: 'job restart policy', kind: 'Job', obj: { metadata: meta('j'), spec: { template: { spec: podSpec([container('c')]) } } }, want: ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'] },
  { name: 'cronjob schedule', kind: 'CronJob', obj: { metadata: meta('c'), spec: { jobTemplate: { spec: { template: { spec: podSpec([container('c')], { restartPolicy: 'OnFailure' }) } } } } }, want: ['spec.schedule: Required value'] },
  {
    name: 'service ports',
    kind: 'Service',
    obj: service({ ports: [{ name: 'http', port: 0, protocol: 'TCP' }, { name: 'http', port: 81, protocol: 'HTTP', targetPort: 'Http' }, { port: 82, protocol: 'TCP' }] }),
    want: [
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].name: Duplicate value: "http"',
      'spec.ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.ports[1].targetPort: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ports[2].name: Required value',
    ],
  },
  { name: 'service needs ports', kind: 'Service', obj: service({ ports: [] }), want: ['spec.ports: Required value'] },
  { name: 'headless service without ports', kind: 'Service', obj: service({ ports: [], clusterIP: 'None' }), want: [] },
  { name: 'service type', kind: 'Service', obj: service({ type: 'Foo' }), want: ['spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'] },
  { name: 'externalName required', kind: 'Service', obj: service({ type: 'ExternalName', ports: [] }), want: ['spec.externalName: Required value'] },
  { name: 'clusterIP immutable', kind: 'Service', obj: service({ clusterIP: '10.43.0.9' }), old: service({ clusterIP: '10.43.0.8' }), want: ['spec.clusterIP: Invalid value: "10.43.0.9": field is immutable'] },
  {
    name: 'configmap keys',
    kind: 'ConfigMap',
    obj: { metadata: meta('c'), data: { 'a b': 'x', ok: 'y' }, binaryData: { ok: 'eQ==' } },
    want: [
      `data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      'data[ok]: Invalid value: "ok": duplicate of key present in binaryData',
    ],
  },
  { name: 'immutable configmap', kind: 'ConfigMap', obj: { metadata: meta('c'), immutable: true, data: { a: '2' } }, old: { metadata: meta('c'), immutable: true, data: { a: '1' } }, want: ['data: Forbidden: field is immutable when `immutable` is set'] },
  { name: 'tls secret keys', kind: 'Secret', obj: { metadata: meta('s'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } }, want: ['data[tls.key]: Required value'] },
  { name: 'secret type immutable', kind: 'Secret', obj: { metadata: meta('s'), type: 'x/y' }, old: { metadata: meta('s'), type: 'Opaque' }, want: ['type: Invalid value: "x/y": field is immutable'] },
  { name: 'unknown kind gets metadata rules', kind: 'Widget', obj: { metadata: meta('ok') }, want: [] },
];

describe('validate', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = validate(c.kind, c.obj, c.old, c.namespaced === undefined ? {} : { namespaced: c.namespaced }).map(causeString);
      assert.deepEqual(got.sort(), [...c.want].sort());
    });
  }
});

describe('invalidMessage', () => {
  it('one error', () => {
    const causes = validate('Deployment', deployment({ replicas: -1 }));
    assert.equal(invalidMessage('Deployment', 'web', causes, 'apps'), 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    assert.deepEqual(causes, [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }]);
  });
  it('several errors, deduplicated, core kind', () => {
    const causes = [required('spec.containers'), invalid('metadata.name', 'X', 'bad'), required('spec.containers')];
    assert.equal(invalidMessage('Pod', 'X', causes), 'Pod "X" is invalid: [spec.containers: Required value, metadata.name: Invalid value: "X": bad]');
  });
  it('status body', () => {
    const s = invalidStatus('apps', 'Deployment', 'web', [required('spec.selector')]);
    assert.equal(s.code, 422);
    assert.equal(s.reason, 'Invalid');
    assert.deepEqual(s.details, { name: 'web', group: 'apps', kind: 'Deployment', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' }] });
  });
});
