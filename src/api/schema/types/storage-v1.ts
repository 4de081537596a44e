// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, map, str, bool, coreV1, metaV1, storageV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(storageV1, 'StorageClass', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    provisioner: f(str, 2, { required: true }),
    parameters: f(map(str), 3),
    reclaimPolicy: f(str, 4, { pointer: true }),
    mountOptions: f(list(str, { listType: 'atomic' }), 5),
    allowVolumeExpansion: f(bool, 6, { pointer: true }),
    volumeBindingMode: f(str, 7, { pointer: true }),
    allowedTopologies: f(list(ref(coreV1, 'TopologySelectorTerm'), { listType: 'atomic' }), 8),
  }),
  def(storageV1, 'StorageClassList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(storageV1, 'StorageClass')), 2, { required: true }),
  }),
];
