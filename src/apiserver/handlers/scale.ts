// The scale subresource (autoscaling/v1 Scale) of deployments, replicasets, statefulsets and custom
// resources: `kubectl scale` and the HPA read and write replicas through it.
import { selectorFromObject } from '../../api/selectors/index.ts';
import { customScale } from '../crd/scale.ts';
import type { KubeObject } from '../objects/codec.ts';
import type { RequestContext } from '../context.ts';
import { sendJSON } from '../respond.ts';
import { errors } from '../status.ts';
import { decodeObject, decodeValue } from './decode.ts';
import { patchObject, patchTypeOf } from './patch.ts';
import { writeUpdate } from './update.ts';

const SCALE_TYPE = 'io.k8s.api.autoscaling.v1.Scale';

interface Scalable {
  spec?: { replicas?: number; selector?: Parameters<typeof selectorFromObject>[0] };
  status?: { replicas?: number };
}

export function scaleOf(obj: KubeObject): KubeObject {
  const { spec = {}, status = {} } = obj as Scalable;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: spec.selector ? selectorFromObject(spec.selector).toString() : '' },
  };
}

/** Custom resources name their own replicas and selector paths. */
function scaleFor(rt: RequestContext['rt']): (obj: KubeObject) => KubeObject {
  return customScale(rt)?.scaleOf ?? scaleOf;
}

export async function getScale(ctx: RequestContext): Promise<void> {
  sendJSON(ctx.res, 200, scaleFor(ctx.rt)(await ctx.deps.store.get(ctx.rt, ctx.info.namespace, ctx.info.name!)));
}

/** PUT or PATCH of /scale: the new replicas land in the parent's spec.replicas. */
export async function writeScale(ctx: RequestContext): Promise<void> {
  const method = ctx.req.method;
  const patchType = method === 'PATCH' ? patchTypeOf({ ...ctx, rt: { ...ctx.rt, typeName: SCALE_TYPE } }) : undefined;
  const body = patchType ? await decodeValue(ctx) : await decodeObject(ctx, SCALE_TYPE);
  const custom = customScale(ctx.rt);
  const toScale = custom?.scaleOf ?? scaleOf;
  const { object } = await writeUpdate({ ...ctx, info: { ...ctx.info, subresource: undefined } }, ctx.info.name!, (current) => {
    const scale = patchType ? patchObject(patchType, toScale(current), body, { ...ctx, rt: { ...ctx.rt, typeName: SCALE_TYPE } }) : (body as KubeObject);
    const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw errors.invalid('autoscaling', 'Scale', ctx.info.name!, [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` }]);
    }
    const pinned = scale.metadata?.resourceVersion;
    const next = current as KubeObject & Scalable;
    if (custom) custom.setReplicas(next, replicas);
    else next.spec = { ...next.spec, replicas };
    if (pinned) next.metadata.resourceVersion = pinned;
    else delete next.metadata.resourceVersion;
    return next;
  });
  sendJSON(ctx.res, 200, toScale(object));
}
