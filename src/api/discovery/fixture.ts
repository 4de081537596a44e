// A small registry for the discovery and OpenAPI tests: a handful of real kinds with the field shapes
// that exercise every Schema variant (refs, list maps, merge keys, quantities, int-or-string, time).
// Tests run against it and against the built-in registry (see registries()).
import { builtinRegistry } from '../schema/registry.ts';
import type { FieldDef, ResourceType, Schema, TypeDef } from '../schema/types.ts';

export interface TestRegistry {
  resources(): readonly ResourceType[];
  type(name: string): TypeDef | undefined;
  types(): Iterable<TypeDef>;
  groupVersions(): { group: string; version: string; preferred: boolean }[];
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const CORE = 'io.k8s.api.core.v1';
const APPS = 'io.k8s.api.apps.v1';

const str: Schema = { type: 'string' };
const ref = (name: string): Schema => ({ type: 'ref', name });
const f = (schema: Schema, extra: Omit<FieldDef, 'schema'> = {}): FieldDef => ({ schema, ...extra });
const kindFields = (): Record<string, FieldDef> => ({
  apiVersion: f(str, { description: 'Versioned schema of this object.' }),
  kind: f(str, { description: 'The REST resource this object represents.' }),
  metadata: f(ref(`${META}.ObjectMeta`), { description: "Standard object's metadata." }),
});

const TYPES: TypeDef[] = [
  {
    name: `${META}.ObjectMeta`,
    description: 'Metadata every persisted object has.',
    fields: {
      name: f(str),
      namespace: f(str),
      labels: f({ type: 'map', values: str }),
      creationTimestamp: f({ type: 'time' }),
      ownerReferences: f({ type: 'array', items: ref(`${META}.OwnerReference`), listType: 'map', listMapKeys: ['uid'] }, { patchStrategy: 'merge', patchMergeKey: 'uid' }),
    },
  },
  { name: `${META}.OwnerReference`, fields: { uid: f(str, { required: true }), kind: f(str, { required: true }), name: f(str, { required: true }) } },
  { name: `${META}.ListMeta`, fields: { resourceVersion: f(str), continue: f(str) } },
  { name: `${META}.LabelSelector`, fields: { matchLabels: f({ type: 'map', values: str }) } },
  { name: `${META}.Status`, fields: { status: f(str), message: f(str), code: f({ type: 'integer', format: 'int32' }) } },
  { name: `${CORE}.Pod`, description: 'A group of containers on one host.', fields: { ...kindFields(), spec: f(ref(`${CORE}.PodSpec`)), status: f(ref(`${CORE}.PodStatus`)) } },
  {
    name: `${CORE}.PodSpec`,
    fields: {
      containers: f({ type: 'array', items: ref(`${CORE}.Container`), listType: 'map', listMapKeys: ['name'] }, { patchStrategy: 'merge', patchMergeKey: 'name', required: true, description: 'The containers of the pod.' }),
      nodeName: f(str),
      terminationGracePeriodSeconds: f({ type: 'integer', format: 'int64' }),
    },
  },
  {
    name: `${CORE}.Container`,
    fields: {
      name: f(str, { required: true }),
      image: f(str),
      command: f({ type: 'array', items: str, listType: 'atomic' }),
      resources: f(ref(`${CORE}.ResourceRequirements`)),
      imagePullPolicy: f({ type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] }),
    },
  },
  { name: `${CORE}.ResourceRequirements`, fields: { limits: f({ type: 'map', values: { type: 'quantity' } }), requests: f({ type: 'map', values: { type: 'quantity' } }) } },
  { name: `${CORE}.PodStatus`, fields: { phase: f(str), startTime: f({ type: 'time' }) } },
  { name: `${CORE}.PodTemplateSpec`, fields: { metadata: f(ref(`${META}.ObjectMeta`)), spec: f(ref(`${CORE}.PodSpec`)) } },
  { name: `${CORE}.Namespace`, fields: { ...kindFields(), status: f(ref(`${CORE}.NamespaceStatus`)) } },
  { name: `${CORE}.NamespaceStatus`, fields: { phase: f(str) } },
  { name: `${APPS}.Deployment`, description: 'Declarative updates for pods.', fields: { ...kindFields(), spec: f(ref(`${APPS}.DeploymentSpec`)), status: f(ref(`${APPS}.DeploymentStatus`)) } },
  {
    name: `${APPS}.DeploymentSpec`,
    fields: {
      replicas: f({ type: 'integer', format: 'int32' }),
      selector: f(ref(`${META}.LabelSelector`), { required: true }),
      template: f(ref(`${CORE}.PodTemplateSpec`), { required: true }),
      strategy: f(ref(`${APPS}.DeploymentStrategy`), { patchStrategy: 'retainKeys', description: 'How old pods are replaced by new ones.' }),
    },
  },
  { name: `${APPS}.DeploymentStrategy`, fields: { type: f(str), rollingUpdate: f(ref(`${APPS}.RollingUpdateDeployment`), { description: 'Rolling update parameters.' }) } },
  {
    name: `${APPS}.RollingUpdateDeployment`,
    description: 'Bounds on a rolling update.',
    fields: { maxUnavailable: f({ type: 'int-or-string' }, { description: 'Pods that may be unavailable during the update.' }), maxSurge: f({ type: 'int-or-string' }, { description: 'Pods that may exist above the desired count.' }) },
  },
  { name: `${APPS}.DeploymentStatus`, fields: { replicas: f({ type: 'integer', format: 'int32' }), observedGeneration: f({ type: 'integer', format: 'int64' }) } },
  { name: 'io.k8s.api.autoscaling.v1.Scale', fields: { ...kindFields(), spec: f(ref('io.k8s.api.autoscaling.v1.ScaleSpec')) } },
  { name: 'io.k8s.api.autoscaling.v1.ScaleSpec', fields: { replicas: f({ type: 'integer', format: 'int32' }) } },
];

function resource(r: Partial<ResourceType> & Pick<ResourceType, 'group' | 'version' | 'kind' | 'plural' | 'typeName'>): ResourceType {
  return {
    listKind: `${r.kind}List`,
    singular: r.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    namespaced: true,
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [],
    printerColumns: [],
    selectableFields: {},
    ...r,
  };
}

const RESOURCES: ResourceType[] = [
  resource({
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    typeName: `${CORE}.Pod`,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'status', verbs: ['get', 'patch', 'update'] },
      { name: 'log', verbs: ['get'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    ],
  }),
  resource({
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    typeName: `${CORE}.Namespace`,
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  }),
  resource({
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    typeName: `${APPS}.Deployment`,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [
      { name: 'status', verbs: ['get', 'patch', 'update'] },
      { name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
    ],
  }),
];

export function fixtureRegistry(): TestRegistry {
  const types = new Map(TYPES.map((t) => [t.name, t]));
  return {
    resources: () => RESOURCES,
    type: (name) => types.get(name),
    types: () => types.values(),
    groupVersions: () => [
      { group: '', version: 'v1', preferred: true },
      { group: 'apps', version: 'v1', preferred: true },
    ],
  };
}

/** The fixture, then the built-in registry of every kind (the last one is the real thing). */
export function registries(): { name: string; registry: TestRegistry }[] {
  return [
    { name: 'fixture', registry: fixtureRegistry() },
    { name: 'builtin', registry: builtinRegistry() },
  ];
}
