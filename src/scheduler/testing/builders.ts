// Small builders for scheduler tests: pod('web').req({cpu: '100m'}).obj(), node('n1').cap({cpu: '2'}).taint(...).obj().
import type { Container, Node, NodeSelectorRequirement, Pod, PodAffinityTerm, PreferredSchedulingTerm, Taint, Toleration, TopologySpreadConstraint, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.d.ts';

export class PodBuilder {
  readonly pod: Pod;

  constructor(name: string, namespace = 'default') {
    this.pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, uid: `uid-${namespace}-${name}`, creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: { schedulerName: 'default-scheduler', containers: [] },
    };
  }

  /** Adds an app container with these requests. */
  req(requests: Record<string, string>, extra: Partial<Container> = {}): this {
    this.pod.spec!.containers.push({ name: `c${this.pod.spec!.containers.length}`, image: 'img', resources: { requests }, ...extra });
    return this;
  }

  /** Adds an init container with these requests (a sidecar with restartPolicy Always when `sidecar`). */
  init(requests: Record<string, string>, sidecar = false): this {
    const list = (this.pod.spec!.initContainers ??= []);
    list.push({ name: `i${list.length}`, image: 'img', resources: { requests }, ...(sidecar ? { restartPolicy: 'Always' } : {}) });
    return this;
  }

  container(c: Partial<Container>): this {
    this.pod.spec!.containers.push({ name: `c${this.pod.spec!.containers.length}`, image: 'img', ...c });
    return this;
  }

  overhead(o: Record<string, string>): this {
    this.pod.spec!.overhead = o;
    return this;
  }

  node(name: string): this {
    this.pod.spec!.nodeName = name;
    return this;
  }

  priority(p: number): this {
    this.pod.spec!.priority = p;
    return this;
  }

  labels(l: Record<string, string>): this {
    this.pod.metadata!.labels = l;
    return this;
  }

  nodeSelector(s: Record<string, string>): this {
    this.pod.spec!.nodeSelector = s;
    return this;
  }

  /** Required node affinity: each argument is one term (ORed) of ANDed requirements. */
  required(...terms: { expr?: NodeSelectorRequirement[]; fields?: NodeSelectorRequirement[] }[]): this {
    const na = this.#nodeAffinity();
    na.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: terms.map((t) => ({ matchExpressions: t.expr, matchFields: t.fields })) };
    return this;
  }

  preferred(...terms: PreferredSchedulingTerm[]): this {
    this.#nodeAffinity().preferredDuringSchedulingIgnoredDuringExecution = terms;
    return this;
  }

  toleration(t: Toleration): this {
    (this.pod.spec!.tolerations ??= []).push(t);
    return this;
  }

  hostPort(port: number, protocol = 'TCP', hostIP?: string): this {
    this.pod.spec!.containers.push({ name: `p${port}`, image: 'img', ports: [{ containerPort: port, hostPort: port, protocol, ...(hostIP ? { hostIP } : {}) }] });
    return this;
  }

  schedulerName(n: string): this {
    this.pod.spec!.schedulerName = n;
    return this;
  }

  /** Required (and preferred) pod affinity. */
  podAffinity(required: PodAffinityTerm[], preferred: WeightedPodAffinityTerm[] = []): this {
    (this.pod.spec!.affinity ??= {}).podAffinity = { requiredDuringSchedulingIgnoredDuringExecution: required, preferredDuringSchedulingIgnoredDuringExecution: preferred };
    return this;
  }

  podAntiAffinity(required: PodAffinityTerm[], preferred: WeightedPodAffinityTerm[] = []): this {
    (this.pod.spec!.affinity ??= {}).podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: required, preferredDuringSchedulingIgnoredDuringExecution: preferred };
    return this;
  }

  spread(...c: TopologySpreadConstraint[]): this {
    (this.pod.spec!.topologySpreadConstraints ??= []).push(...c);
    return this;
  }

  pvc(claimName: string): this {
    (this.pod.spec!.volumes ??= []).push({ name: `v-${claimName}`, persistentVolumeClaim: { claimName } });
    return this;
  }

  preemptionPolicy(p: 'Never' | 'PreemptLowerPriority'): this {
    this.pod.spec!.preemptionPolicy = p;
    return this;
  }

  startTime(iso: string): this {
    (this.pod as { status?: Pod['status'] }).status = { ...this.pod.status, startTime: iso };
    return this;
  }

  obj(): Pod {
    return structuredClone(this.pod);
  }

  #nodeAffinity() {
    const a = (this.pod.spec!.affinity ??= {});
    return (a.nodeAffinity ??= {});
  }
}

export class NodeBuilder {
  readonly node: Node;

  constructor(name: string) {
    this.node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, uid: `uid-node-${name}`, labels: { 'kubernetes.io/hostname': name } },
      spec: {},
      status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
    };
  }

  /** Sets allocatable (and capacity) to exactly these (pods defaults to 110). */
  cap(c: Record<string, string>): this {
    const alloc = { pods: '110', ...c };
    this.node.status!.allocatable = alloc;
    this.node.status!.capacity = alloc;
    return this;
  }

  labels(l: Record<string, string>): this {
    Object.assign(this.node.metadata!.labels!, l);
    return this;
  }

  taint(key: string, effect: Taint['effect'], value?: string): this {
    (this.node.spec!.taints ??= []).push({ key, effect, ...(value !== undefined ? { value } : {}) });
    return this;
  }

  unschedulable(): this {
    this.node.spec!.unschedulable = true;
    return this;
  }

  images(...images: { names: string[]; sizeBytes: number }[]): this {
    this.node.status!.images = images;
    return this;
  }

  obj(): Node {
    return structuredClone(this.node);
  }
}

export const pod = (name: string, namespace?: string) => new PodBuilder(name, namespace);
export const node = (name: string) => new NodeBuilder(name);
