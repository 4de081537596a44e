// The scale subresource of a custom resource: autoscaling/v1 Scale read from and written to the
// paths the CRD names (specReplicasPath, statusReplicasPath, labelSelectorPath).
import type { ResourceType } from '../../api/schema/types.ts';
import type { KubeObject } from '../objects/codec.ts';
import { firstValue, setField } from './jsonpath.ts';
import { customResourceOf, type ScalePaths } from './resource.ts';

export interface CustomScale {
  scaleOf(obj: KubeObject): KubeObject;
  setReplicas(obj: KubeObject, replicas: number): void;
}

/** The scale accessors of a custom resource with a scale subresource; undefined otherwise. */
export function customScale(rt: ResourceType): CustomScale | undefined {
  const paths = customResourceOf(rt)?.scale;
  if (!paths) return undefined;
  return { scaleOf: (obj) => scaleOf(obj, paths), setReplicas: (obj, replicas) => setField(obj, paths.specReplicas, replicas) };
}

function scaleOf(obj: KubeObject, paths: ScalePaths): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  const integer = (v: unknown) => (typeof v === 'number' ? Math.trunc(v) : 0);
  const selector = paths.labelSelector ? firstValue(obj, paths.labelSelector) : undefined;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: integer(firstValue(obj, paths.specReplicas)) },
    status: { replicas: integer(firstValue(obj, paths.statusReplicas)), selector: typeof selector === 'string' ? selector : '' },
  };
}
