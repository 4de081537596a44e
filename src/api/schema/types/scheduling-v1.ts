// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, str, int32, bool, metaV1, schedulingV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(schedulingV1, 'PriorityClass', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    value: f(int32, 2),
    globalDefault: f(bool, 3),
    description: f(str, 4),
    preemptionPolicy: f(str, 5, { pointer: true }),
  }),
  def(schedulingV1, 'PriorityClassList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(schedulingV1, 'PriorityClass')), 2, { required: true }),
  }),
];
