// Core, RBAC and autoscaling defaults (upstream pkg/apis/core/v1/defaults.go, rbac/v1, autoscaling/v2).

import { ensure, setDefault } from './util.ts';

type Obj = Record<string, any>;

export function defaultService(svc: Obj): void {
  const spec = ensure(svc, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  for (const p of spec.ports ?? []) {
    setDefault(p, 'protocol', 'TCP');
    // targetPort 0 or missing means "the same as port".
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (spec.type === 'ExternalName') return;
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  // The cluster is IPv4-only: the registry would set these when it allocates the cluster IP.
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
}

export function defaultNamespace(ns: Obj): void {
  // spec.finalizers gets "kubernetes" on create only (prepareForCreate): a default here would put it
  // back on every update, and the namespace controller removes it through /finalize.
  ensure(ns, 'spec');
  setDefault(ensure(ns, 'status'), 'phase', 'Active');
  // Upstream labels every namespace with its own name so selectors can pick namespaces by name.
  const meta = ensure(ns, 'metadata');
  if (meta.name) ensure(meta, 'labels')['kubernetes.io/metadata.name'] = meta.name;
}

export function defaultSecret(secret: Obj): void {
  setDefault(secret, 'type', 'Opaque');
  // stringData is write-only: upstream's conversion merges it into data (winning over data's keys).
  if (secret.stringData && typeof secret.stringData === 'object') {
    const data = ensure(secret, 'data');
    for (const [k, v] of Object.entries(secret.stringData as Record<string, unknown>)) data[k] = Buffer.from(String(v)).toString('base64');
    delete secret.stringData;
  }
}

export function defaultPersistentVolumeClaim(pvc: Obj): void {
  setDefault(ensure(pvc, 'spec'), 'volumeMode', 'Filesystem');
  setDefault(ensure(pvc, 'status'), 'phase', 'Pending');
}

export function defaultPersistentVolume(pv: Obj): void {
  const spec = ensure(pv, 'spec');
  setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
  setDefault(ensure(pv, 'status'), 'phase', 'Pending');
}

export function defaultEndpoints(ep: Obj): void {
  for (const subset of ep.subsets ?? []) for (const p of subset.ports ?? []) setDefault(p, 'protocol', 'TCP');
}

/** Subjects of RoleBindings and ClusterRoleBindings: users and groups live in the RBAC group. */
export function defaultRoleBinding(rb: Obj): void {
  for (const s of rb.subjects ?? []) {
    if (s.kind === 'User' || s.kind === 'Group') setDefault(s, 'apiGroup', 'rbac.authorization.k8s.io');
    if (s.kind === 'ServiceAccount' && s.apiGroup === undefined) s.apiGroup = '';
  }
}

/** minReplicas only: the metrics default differs between autoscaling/v1 and v2, and we get no version. */
export function defaultHorizontalPodAutoscaler(hpa: Obj): void {
  setDefault(ensure(hpa, 'spec'), 'minReplicas', 1);
}
