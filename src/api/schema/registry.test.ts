import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRegistry, sortVersions } from './registry.ts';
import type { FieldDef, Schema } from './types.ts';

const registry = builtinRegistry();

// [group, version, plural, kind, namespaced, shortNames]
const kinds: [string, string, string, string, boolean, string[]][] = [
  ['', 'v1', 'namespaces', 'Namespace', false, ['ns']],
  ['', 'v1', 'pods', 'Pod', true, ['po']],
  ['', 'v1', 'bindings', 'Binding', true, []],
  ['', 'v1', 'services', 'Service', true, ['svc']],
  ['', 'v1', 'endpoints', 'Endpoints', true, ['ep']],
  ['', 'v1', 'nodes', 'Node', false, ['no']],
  ['', 'v1', 'configmaps', 'ConfigMap', true, ['cm']],
  ['', 'v1', 'secrets', 'Secret', true, []],
  ['', 'v1', 'serviceaccounts', 'ServiceAccount', true, ['sa']],
  ['', 'v1', 'events', 'Event', true, ['ev']],
  ['', 'v1', 'persistentvolumes', 'PersistentVolume', false, ['pv']],
  ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc']],
  ['', 'v1', 'resourcequotas', 'ResourceQuota', true, ['quota']],
  ['', 'v1', 'limitranges', 'LimitRange', true, ['limits']],
  ['', 'v1', 'podtemplates', 'PodTemplate', true, []],
  ['', 'v1', 'replicationcontrollers', 'ReplicationController', true, ['rc']],
  ['apps', 'v1', 'deployments', 'Deployment', true, ['deploy']],
  ['apps', 'v1', 'replicasets', 'ReplicaSet', true, ['rs']],
  ['apps', 'v1', 'statefulsets', 'StatefulSet', true, ['sts']],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds']],
  ['apps', 'v1', 'controllerrevisions', 'ControllerRevision', true, []],
  ['batch', 'v1', 'jobs', 'Job', true, []],
  ['batch', 'v1', 'cronjobs', 'CronJob', true, ['cj']],
  ['autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa']],
  ['autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa']],
  ['policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb']],
  ['scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false, ['pc']],
  ['coordination.k8s.io', 'v1', 'leases', 'Lease', true, []],
  ['discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true, []],
  ['events.k8s.io', 'v1', 'events', 'Event', true, ['ev']],
  ['rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true, []],
  ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false, []],
  ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true, []],
  ['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false, []],
  ['storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false, ['sc']],
  ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, ['ing']],
  ['networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false, []],
  ['networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true, ['netpol']],
  ['apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, ['crd', 'crds']],
  ['authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, []],
  ['authorization.k8s.io', 'v1', 'subjectaccessreviews', 'SubjectAccessReview', false, []],
  ['authorization.k8s.io', 'v1', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', true, []],
  ['authentication.k8s.io', 'v1', 'tokenreviews', 'TokenReview', false, []],
  ['authentication.k8s.io', 'v1', 'selfsubjectreviews', 'SelfSubjectReview', false, []],
];

test('every built-in kind resolves by resource and by kind, with its type and list type defined', () => {
  for (const [group, version, plural, kind, namespaced, shortNames] of kinds) {
    const r = registry.resource(group, version, plural);
    assert.ok(r, `${group}/${version}/${plural}`);
    assert.equal(registry.resourceForKind(group, version, kind), r);
    assert.equal(r.kind, kind);
    assert.equal(r.namespaced, namespaced, plural);
    assert.deepEqual(r.shortNames, shortNames, plural);
    assert.ok(registry.type(r.typeName), r.typeName);
    if (!r.virtual) assert.ok(registry.type(`${r.typeName}List`), `${r.typeName}List`);
  }
});

test('subresource bodies and special types are defined', () => {
  for (const name of [
    'io.k8s.api.autoscaling.v1.Scale',
    'io.k8s.api.policy.v1.Eviction',
    'io.k8s.api.authentication.v1.TokenRequest',
    'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
    'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
    'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent',
  ]) {
    assert.ok(registry.type(name), name);
  }
  const unknown = registry.type('io.k8s.apimachinery.pkg.runtime.Unknown')!;
  assert.deepEqual(
    Object.entries(unknown.fields).map(([k, f]) => [k, f.protobuf]),
    [['typeMeta', 1], ['raw', 2], ['contentEncoding', 3], ['contentType', 4]],
  );
  const typeMeta = registry.type('io.k8s.apimachinery.pkg.runtime.TypeMeta')!;
  assert.equal(typeMeta.fields.apiVersion.protobuf, 1);
  assert.equal(typeMeta.fields.kind.protobuf, 2);
});

function refs(s: Schema): string[] {
  if (s.type === 'ref') return [s.name];
  if (s.type === 'array') return refs(s.items);
  if (s.type === 'map') return refs(s.values);
  return [];
}

test('every ref and protobuf wrapper points at a defined type', () => {
  for (const t of registry.types()) {
    for (const [name, f] of Object.entries(t.fields)) {
      for (const r of refs(f.schema)) assert.ok(registry.type(r), `${t.name}.${name} -> ${r}`);
      if (f.protobufMessage) assert.ok(registry.type(f.protobufMessage), `${t.name}.${name} -> ${f.protobufMessage}`);
    }
  }
});

const field = (type: string, name: string): FieldDef => {
  const f = registry.type(type)?.fields[name];
  assert.ok(f, `${type}.${name}`);
  return f;
};
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const core = 'io.k8s.api.core.v1';

test('protobuf numbers and schemas match upstream', () => {
  const cases: [string, string, number, Schema['type']][] = [
    [`${meta}.ObjectMeta`, 'name', 1, 'string'],
    [`${meta}.ObjectMeta`, 'namespace', 3, 'string'],
    [`${meta}.ObjectMeta`, 'labels', 11, 'map'],
    [`${meta}.ObjectMeta`, 'creationTimestamp', 8, 'time'],
    [`${meta}.ObjectMeta`, 'managedFields', 17, 'array'],
    ['io.k8s.api.apps.v1.Deployment', 'spec', 2, 'ref'],
    [`${core}.PodSpec`, 'containers', 2, 'array'],
    [`${core}.Container`, 'image', 2, 'string'],
    [`${core}.ConfigMap`, 'data', 2, 'map'],
    [`${core}.Secret`, 'data', 2, 'map'],
    [`${core}.ResourceRequirements`, 'limits', 1, 'map'],
    [`${core}.ContainerPort`, 'containerPort', 3, 'integer'],
    [`${core}.ServicePort`, 'targetPort', 4, 'int-or-string'],
    [`${meta}.ManagedFieldsEntry`, 'fieldsV1', 7, 'any'],
    ['io.k8s.api.events.v1.Event', 'eventTime', 2, 'time'],
  ];
  for (const [type, name, number, schemaType] of cases) {
    const f = field(type, name);
    assert.equal(f.protobuf, number, `${type}.${name}`);
    assert.equal(f.schema.type, schemaType, `${type}.${name}`);
  }
  assert.deepEqual(field(`${core}.Secret`, 'data').schema, { type: 'map', values: { type: 'string', format: 'byte' } });
  assert.deepEqual(field(`${core}.ResourceRequirements`, 'limits').schema, { type: 'map', values: { type: 'quantity' } });
  assert.deepEqual(field('io.k8s.api.events.v1.Event', 'eventTime').schema, { type: 'time', micro: true });
  assert.equal(registry.type(`${meta}.ObjectMeta`)!.fields.apiVersion, undefined);
  assert.equal(field(`${core}.Pod`, 'apiVersion').protobuf, undefined);
});

test('JSON names differ from protobuf names where upstream says so', () => {
  const props = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps';
  assert.equal(field(props, '$ref').protobuf, 3);
  assert.equal(field(props, '$schema').protobuf, 2);
  assert.equal(field(props, 'x-kubernetes-preserve-unknown-fields').protobuf, 38);
  assert.equal(field(props, 'x-kubernetes-int-or-string').protobuf, 40);
  assert.deepEqual(field(props, 'additionalProperties').schema, { type: 'any' });
  const volume = field(`${core}.Volume`, 'volumeSource');
  assert.equal(volume.inline, true);
  assert.equal(volume.protobuf, 2);
});

test('strategic-merge-patch and list metadata match upstream', () => {
  const cases: [string, string, string | undefined, string | undefined][] = [
    [`${core}.PodSpec`, 'containers', 'merge', 'name'],
    [`${core}.PodSpec`, 'initContainers', 'merge', 'name'],
    [`${core}.PodSpec`, 'volumes', 'merge,retainKeys', 'name'],
    [`${core}.Container`, 'env', 'merge', 'name'],
    [`${core}.Container`, 'ports', 'merge', 'containerPort'],
    [`${core}.Container`, 'volumeMounts', 'merge', 'mountPath'],
    [`${meta}.ObjectMeta`, 'finalizers', 'merge', undefined],
    [`${meta}.ObjectMeta`, 'ownerReferences', 'merge', 'uid'],
    [`${core}.ServiceSpec`, 'ports', 'merge', 'port'],
    [`${core}.PodSpec`, 'tolerations', undefined, undefined],
  ];
  for (const [type, name, strategy, key] of cases) {
    const f = field(type, name);
    assert.equal(f.patchStrategy, strategy, `${type}.${name}`);
    assert.equal(f.patchMergeKey, key, `${type}.${name}`);
  }
  const ports = field(`${core}.Container`, 'ports').schema;
  assert.deepEqual(ports.type === 'array' && [ports.listType, ports.listMapKeys], ['map', ['containerPort', 'protocol']]);
  const finalizers = field(`${meta}.ObjectMeta`, 'finalizers').schema;
  assert.equal(finalizers.type === 'array' && finalizers.listType, 'set');
});

test('resources carry upstream categories, subresources, selectable fields and virtual flags', () => {
  for (const plural of ['pods', 'services', 'replicationcontrollers']) {
    assert.deepEqual(registry.resource('', 'v1', plural)!.categories, ['all']);
  }
  for (const plural of ['deployments', 'replicasets', 'statefulsets', 'daemonsets']) {
    assert.deepEqual(registry.resource('apps', 'v1', plural)!.categories, ['all']);
  }
  assert.deepEqual(registry.resource('', 'v1', 'configmaps')!.categories, []);
  const pods = registry.resource('', 'v1', 'pods')!;
  assert.deepEqual(pods.subresources.map((s) => s.name).sort(), ['attach', 'binding', 'eviction', 'exec', 'log', 'portforward', 'status']);
  assert.equal(pods.subresources.find((s) => s.name === 'eviction')!.group, 'policy');
  const scale = registry.resource('apps', 'v1', 'deployments')!.subresources.find((s) => s.name === 'scale')!;
  assert.deepEqual([scale.group, scale.version, scale.kind], ['autoscaling', 'v1', 'Scale']);
  const token = registry.resource('', 'v1', 'serviceaccounts')!.subresources.find((s) => s.name === 'token')!;
  assert.deepEqual([token.group, token.kind, token.verbs], ['authentication.k8s.io', 'TokenRequest', ['create']]);
  assert.deepEqual(registry.resource('', 'v1', 'namespaces')!.subresources.map((s) => s.name), ['finalize', 'status']);

  const pod = { spec: { nodeName: 'n1' }, status: { phase: 'Running', podIPs: [{ ip: '10.42.0.5' }] } };
  assert.equal(pods.selectableFields['spec.nodeName'](pod), 'n1');
  assert.equal(pods.selectableFields['status.podIP'](pod), '10.42.0.5');
  assert.equal(pods.selectableFields['spec.schedulerName'](pod), '');
  const events = registry.resource('', 'v1', 'events')!;
  assert.equal(events.selectableFields['involvedObject.uid']({ involvedObject: { uid: 'u1' } }), 'u1');
  assert.equal(events.selectableFields.source({ source: { component: 'kubelet' } }), 'kubelet');
  assert.equal(registry.resource('', 'v1', 'secrets')!.selectableFields.type({ type: 'Opaque' }), 'Opaque');
  assert.equal(registry.resource('', 'v1', 'nodes')!.selectableFields['spec.unschedulable']({ spec: {} }), 'false');

  for (const plural of ['selfsubjectaccessreviews', 'subjectaccessreviews']) {
    const r = registry.resource('authorization.k8s.io', 'v1', plural)!;
    assert.equal(r.virtual, true);
    assert.deepEqual(r.verbs, ['create']);
  }
  assert.equal(pods.virtual, undefined);
  assert.deepEqual(registry.resource('', 'v1', 'namespaces')!.verbs, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
});

test('group versions follow upstream discovery order, preferred version first', () => {
  const gvs = registry.groupVersions();
  assert.deepEqual(gvs[0], { group: '', version: 'v1', preferred: true });
  assert.deepEqual(gvs[1], { group: 'apps', version: 'v1', preferred: true });
  const autoscaling = gvs.filter((g) => g.group === 'autoscaling');
  assert.deepEqual(autoscaling, [
    { group: 'autoscaling', version: 'v2', preferred: true },
    { group: 'autoscaling', version: 'v1', preferred: false },
  ]);
  assert.deepEqual(sortVersions(['v1alpha1', 'v1beta1', 'v2', 'v1', 'foo', 'v2beta2']), ['v2', 'v1', 'v2beta2', 'v1beta1', 'v1alpha1', 'foo']);
});

test('custom resources register and unregister at run time, in fresh registries only', () => {
  const r = builtinRegistry();
  const widget = {
    group: 'example.com', version: 'v1', kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget',
    shortNames: ['wd'], categories: [], namespaced: true, verbs: ['get'], subresources: [],
    typeName: 'com.example.v1.Widget', printerColumns: [], selectableFields: {},
  };
  r.register(widget, [{ name: 'com.example.v1.Widget', fields: {} }]);
  assert.equal(r.resource('example.com', 'v1', 'widgets'), widget);
  assert.equal(r.resourceForKind('example.com', 'v1', 'Widget'), widget);
  assert.ok(r.type('com.example.v1.Widget'));
  assert.deepEqual(r.groupVersions().at(-1), { group: 'example.com', version: 'v1', preferred: true });
  assert.equal(builtinRegistry().resource('example.com', 'v1', 'widgets'), undefined);

  r.unregister('example.com', 'v1', 'widgets');
  assert.equal(r.resource('example.com', 'v1', 'widgets'), undefined);
  assert.equal(r.resourceForKind('example.com', 'v1', 'Widget'), undefined);
  assert.equal(r.type('com.example.v1.Widget'), undefined);
  assert.ok(!r.groupVersions().some((g) => g.group === 'example.com'));
});
