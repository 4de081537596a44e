// POSTs to pod subresources: binding (how the scheduler assigns a node) and eviction (a delete that
// respects disruption budgets — the budget check lands with the PodDisruptionBudget controller).
import { rfc3339 } from '../objects/lifecycle.ts';
import type { KubeObject } from '../objects/codec.ts';
import type { RequestContext } from '../context.ts';
import { sendJSON } from '../respond.ts';
import { errors } from '../status.ts';
import { decodeObject } from './decode.ts';
import { deleteObject } from './delete.ts';

export async function bind(ctx: RequestContext): Promise<void> {
  const { rt, deps, info } = ctx;
  const binding = await decodeObject(ctx, 'io.k8s.api.core.v1.Binding');
  const target = (binding.target ?? {}) as { kind?: string; name?: string };
  if (!target.name) throw errors.invalid('', 'Binding', info.name!, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  if (target.kind && target.kind !== 'Node') throw errors.invalid('', 'Binding', info.name!, [{ reason: 'FieldValueNotSupported', field: 'target.kind', message: `Unsupported value: "${target.kind}": supported values: "Node"` }]);
  await deps.store.update(rt, info.namespace, info.name!, (pod) => {
    const spec = (pod.spec ?? {}) as { nodeName?: string };
    if (pod.metadata.deletionTimestamp) throw errors.conflict('', 'pods', info.name!, 'pod is being deleted, cannot be assigned to a host');
    if (spec.nodeName) throw errors.conflict('', 'pods', info.name!, `pod ${info.name} is already assigned to node "${spec.nodeName}"`);
    spec.nodeName = target.name;
    pod.spec = spec;
    setCondition(pod, 'PodScheduled', 'True', deps.now());
    return pod;
  });
  sendJSON(ctx.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

function setCondition(pod: KubeObject, type: string, status: string, now: Date): void {
  const podStatus = (pod.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string; lastProbeTime?: null }[] };
  const conditions = (podStatus.conditions ?? []).filter((c) => c.type !== type);
  conditions.push({ type, status, lastProbeTime: null, lastTransitionTime: rfc3339(now) });
  podStatus.conditions = conditions;
  pod.status = podStatus;
}

export async function evict(ctx: RequestContext): Promise<void> {
  const eviction = await decodeObject(ctx, 'io.k8s.api.policy.v1.Eviction');
  const options = (eviction.deleteOptions ?? {}) as Parameters<typeof deleteObject>[2];
  await deleteObject(ctx, ctx.info.name!, options);
  sendJSON(ctx.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
