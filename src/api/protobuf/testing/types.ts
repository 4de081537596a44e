// Test-only TypeDefs: the few Kubernetes types the decoder tests use, with the field numbers of
// upstream generated.proto, so the tests do not depend on the full registry.
import type { FieldDef, Schema, TypeDef } from '../../schema/types.ts';

const str: Schema = { type: 'string' };
const bytes: Schema = { type: 'string', format: 'byte' };
const int32: Schema = { type: 'integer', format: 'int32' };
const int64: Schema = { type: 'integer', format: 'int64' };
const bool: Schema = { type: 'boolean' };
const ref = (name: string): Schema => ({ type: 'ref', name });
const list = (items: Schema): Schema => ({ type: 'array', items });
const map = (values: Schema): Schema => ({ type: 'map', values });
const f = (schema: Schema, protobuf: number, extra: Partial<FieldDef> = {}): FieldDef => ({ schema, protobuf, ...extra });
const ptr = { pointer: true };

const core = 'io.k8s.api.core.v1';
const apps = 'io.k8s.api.apps.v1';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const authz = 'io.k8s.api.authorization.v1';

function def(name: string, fields: Record<string, FieldDef>): TypeDef {
  return { name, fields };
}

const object = (name: string, spec?: string, status?: string, extra: Record<string, FieldDef> = {}) =>
  def(name, {
    apiVersion: { schema: str },
    kind: { schema: str },
    metadata: f(ref(`${meta}.ObjectMeta`), 1),
    ...(spec ? { spec: f(ref(spec), 2) } : {}),
    ...(status ? { status: f(ref(status), 3) } : {}),
    ...extra,
  });

export const testTypes: TypeDef[] = [
  def(`${meta}.ObjectMeta`, {
    name: f(str, 1),
    generateName: f(str, 2),
    namespace: f(str, 3),
    uid: f(str, 5),
    resourceVersion: f(str, 6),
    generation: f(int64, 7),
    creationTimestamp: f({ type: 'time' }, 8),
    deletionGracePeriodSeconds: f(int64, 10, ptr),
    labels: f(map(str), 11),
    annotations: f(map(str), 12),
    finalizers: f(list(str), 14),
  }),
  object(`${core}.Namespace`, `${core}.NamespaceSpec`, `${core}.NamespaceStatus`),
  def(`${core}.NamespaceSpec`, { finalizers: f(list(str), 1) }),
  def(`${core}.NamespaceStatus`, { phase: f(str, 1) }),
  object(`${core}.ConfigMap`, undefined, undefined, {
    data: f(map(str), 2),
    binaryData: f(map(bytes), 3),
    immutable: f(bool, 4, ptr),
  }),
  object(`${core}.Secret`, undefined, undefined, {
    data: f(map(bytes), 2),
    type: f(str, 3),
    stringData: f(map(str), 4),
    immutable: f(bool, 5, ptr),
  }),
  object(`${apps}.Deployment`, `${apps}.DeploymentSpec`, `${apps}.DeploymentStatus`),
  def(`${apps}.DeploymentSpec`, {
    replicas: f(int32, 1, ptr),
    selector: f(ref(`${meta}.LabelSelector`), 2),
    template: f(ref(`${core}.PodTemplateSpec`), 3, { required: true }),
    strategy: f(ref(`${apps}.DeploymentStrategy`), 4),
    minReadySeconds: f(int32, 5),
    revisionHistoryLimit: f(int32, 6, ptr),
    paused: f(bool, 7),
    progressDeadlineSeconds: f(int32, 9, ptr),
  }),
  def(`${apps}.DeploymentStrategy`, { type: f(str, 1), rollingUpdate: f(ref(`${apps}.RollingUpdateDeployment`), 2) }),
  def(`${apps}.RollingUpdateDeployment`, {
    maxUnavailable: f({ type: 'int-or-string' }, 1, ptr),
    maxSurge: f({ type: 'int-or-string' }, 2, ptr),
  }),
  def(`${apps}.DeploymentStatus`, { observedGeneration: f(int64, 1), replicas: f(int32, 2), readyReplicas: f(int32, 7) }),
  def(`${meta}.LabelSelector`, { matchLabels: f(map(str), 1) }),
  def(`${core}.PodTemplateSpec`, { metadata: f(ref(`${meta}.ObjectMeta`), 1), spec: f(ref(`${core}.PodSpec`), 2) }),
  def(`${core}.PodSpec`, {
    volumes: f(list(ref(`${core}.Volume`)), 1),
    containers: f(list(ref(`${core}.Container`)), 2, { required: true }),
    restartPolicy: f(str, 3),
    terminationGracePeriodSeconds: f(int64, 4, ptr),
    securityContext: f(ref(`${core}.PodSecurityContext`), 14),
  }),
  def(`${core}.PodSecurityContext`, { runAsUser: f(int64, 1, ptr), supplementalGroups: f(list(int64), 4) }),
  def(`${core}.Volume`, { name: f(str, 1, { required: true }), volumeSource: f(ref(`${core}.VolumeSource`), 2, { inline: true }) }),
  def(`${core}.VolumeSource`, { emptyDir: f(ref(`${core}.EmptyDirVolumeSource`), 2) }),
  def(`${core}.EmptyDirVolumeSource`, { medium: f(str, 1), sizeLimit: f({ type: 'quantity' }, 2, ptr) }),
  def(`${core}.Container`, {
    name: f(str, 1, { required: true }),
    image: f(str, 2),
    command: f(list(str), 3),
    args: f(list(str), 4),
    ports: f(list(ref(`${core}.ContainerPort`)), 6),
    resources: f(ref(`${core}.ResourceRequirements`), 8),
    imagePullPolicy: f(str, 14),
    stdin: f(bool, 16),
  }),
  def(`${core}.ContainerPort`, { name: f(str, 1), containerPort: f(int32, 3, { required: true }), protocol: f(str, 4) }),
  def(`${core}.ResourceRequirements`, { limits: f(map({ type: 'quantity' }), 1), requests: f(map({ type: 'quantity' }), 2) }),
  object(`${core}.Service`, `${core}.ServiceSpec`, `${core}.ServiceStatus`),
  def(`${core}.ServiceSpec`, {
    ports: f(list(ref(`${core}.ServicePort`)), 1),
    selector: f(map(str), 2),
    clusterIP: f(str, 3),
    type: f(str, 4),
  }),
  def(`${core}.ServicePort`, {
    name: f(str, 1),
    protocol: f(str, 2),
    port: f(int32, 3, { required: true }),
    targetPort: f({ type: 'int-or-string' }, 4),
    nodePort: f(int32, 5),
  }),
  def(`${core}.ServiceStatus`, { loadBalancer: f(ref(`${core}.LoadBalancerStatus`), 1) }),
  def(`${core}.LoadBalancerStatus`, { ingress: f(list(ref(`${core}.LoadBalancerIngress`)), 1) }),
  def(`${core}.LoadBalancerIngress`, { ip: f(str, 1) }),
  def(`${meta}.DeleteOptions`, {
    apiVersion: { schema: str },
    kind: { schema: str },
    gracePeriodSeconds: f(int64, 1, ptr),
    preconditions: f(ref(`${meta}.Preconditions`), 2),
    orphanDependents: f(bool, 3, ptr),
    propagationPolicy: f(str, 4, ptr),
    dryRun: f(list(str), 5),
  }),
  def(`${meta}.Preconditions`, { uid: f(str, 1, ptr), resourceVersion: f(str, 2, ptr) }),
  object('io.k8s.api.policy.v1.Eviction', undefined, undefined, { deleteOptions: f(ref(`${meta}.DeleteOptions`), 2) }),
  object(`${authz}.SelfSubjectAccessReview`, `${authz}.SelfSubjectAccessReviewSpec`, `${authz}.SubjectAccessReviewStatus`),
  def(`${authz}.SelfSubjectAccessReviewSpec`, {
    resourceAttributes: f(ref(`${authz}.ResourceAttributes`), 1),
    nonResourceAttributes: f(ref(`${authz}.NonResourceAttributes`), 2),
  }),
  def(`${authz}.ResourceAttributes`, {
    namespace: f(str, 1),
    verb: f(str, 2),
    group: f(str, 3),
    version: f(str, 4),
    resource: f(str, 5),
    subresource: f(str, 6),
    name: f(str, 7),
  }),
  def(`${authz}.NonResourceAttributes`, { path: f(str, 1), verb: f(str, 2) }),
  def(`${authz}.SubjectAccessReviewStatus`, {
    allowed: f(bool, 1, { required: true }),
    reason: f(str, 2),
    evaluationError: f(str, 3),
    denied: f(bool, 4),
  }),
  object(`${authz}.SubjectAccessReview`, `${authz}.SubjectAccessReviewSpec`, `${authz}.SubjectAccessReviewStatus`),
  def(`${authz}.SubjectAccessReviewSpec`, {
    resourceAttributes: f(ref(`${authz}.ResourceAttributes`), 1),
    user: f(str, 3),
    groups: f(list(str), 4),
    extra: f(map(list(str)), 5, { protobufMessage: `${authz}.ExtraValue` }),
  }),
  def(`${authz}.ExtraValue`, { items: f(list(str), 1) }),
  object(`${apps}.ControllerRevision`, undefined, undefined, {
    data: f({ type: 'any' }, 2, { protobufMessage: 'io.k8s.apimachinery.pkg.runtime.RawExtension' }),
    revision: f(int64, 3, { required: true }),
  }),
  object('io.k8s.api.coordination.v1.Lease', 'io.k8s.api.coordination.v1.LeaseSpec'),
  def('io.k8s.api.coordination.v1.LeaseSpec', {
    holderIdentity: f(str, 1, ptr),
    leaseDurationSeconds: f(int32, 2, ptr),
    renewTime: f({ type: 'time', micro: true }, 4),
  }),
  def('test.Numbers', { ratio: f({ type: 'number', format: 'double' }, 1), deep: f(ref('test.Numbers'), 2) }),
];

const byName = new Map(testTypes.map((t) => [t.name, t]));
export const testLookup = { type: (name: string) => byName.get(name) };

const kinds: Record<string, string> = {
  'v1/Namespace': `${core}.Namespace`,
  'v1/ConfigMap': `${core}.ConfigMap`,
  'v1/Secret': `${core}.Secret`,
  'v1/Service': `${core}.Service`,
  'v1/DeleteOptions': `${meta}.DeleteOptions`,
  'apps/v1/Deployment': `${apps}.Deployment`,
  'apps/v1/ControllerRevision': `${apps}.ControllerRevision`,
  'policy/v1/Eviction': 'io.k8s.api.policy.v1.Eviction',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': `${authz}.SelfSubjectAccessReview`,
  'authorization.k8s.io/v1/SubjectAccessReview': `${authz}.SubjectAccessReview`,
  'coordination.k8s.io/v1/Lease': 'io.k8s.api.coordination.v1.Lease',
  'test/v1/Numbers': 'test.Numbers',
};
export const testKinds = (apiVersion: string, kind: string): string | undefined => kinds[`${apiVersion}/${kind}`];
