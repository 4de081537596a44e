// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, str, int32, microTime, coordinationV1, metaV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(coordinationV1, 'Lease', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(coordinationV1, 'LeaseSpec'), 2),
  }),
  def(coordinationV1, 'LeaseList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(coordinationV1, 'Lease')), 2, { required: true }),
  }),
  def(coordinationV1, 'LeaseSpec', {
    holderIdentity: f(str, 1, { pointer: true }),
    leaseDurationSeconds: f(int32, 2, { pointer: true }),
    acquireTime: f(microTime, 3, { pointer: true }),
    renewTime: f(microTime, 4, { pointer: true }),
    leaseTransitions: f(int32, 5, { pointer: true }),
    strategy: f(str, 6, { pointer: true }),
    preferredHolder: f(str, 7, { pointer: true }),
  }),
];
