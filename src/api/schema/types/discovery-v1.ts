// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, map, str, int32, bool, coreV1, discoveryV1, metaV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(discoveryV1, 'EndpointSlice', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    addressType: f(str, 4, { required: true }),
    endpoints: f(list(ref(discoveryV1, 'Endpoint'), { listType: 'atomic' }), 2),
    ports: f(list(ref(discoveryV1, 'EndpointPort'), { listType: 'atomic' }), 3),
  }),
  def(discoveryV1, 'EndpointSliceList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(discoveryV1, 'EndpointSlice')), 2, { required: true }),
  }),
  def(discoveryV1, 'Endpoint', {
    addresses: f(list(str, { listType: 'set' }), 1, { required: true }),
    conditions: f(ref(discoveryV1, 'EndpointConditions'), 2),
    hostname: f(str, 3, { pointer: true }),
    targetRef: f(ref(coreV1, 'ObjectReference'), 4, { pointer: true }),
    deprecatedTopology: f(map(str), 5),
    nodeName: f(str, 6, { pointer: true }),
    zone: f(str, 7, { pointer: true }),
    hints: f(ref(discoveryV1, 'EndpointHints'), 8, { pointer: true }),
  }),
  def(discoveryV1, 'EndpointPort', {
    name: f(str, 1, { pointer: true }),
    protocol: f(str, 2, { pointer: true }),
    port: f(int32, 3, { pointer: true }),
    appProtocol: f(str, 4, { pointer: true }),
  }),
  def(discoveryV1, 'EndpointConditions', {
    ready: f(bool, 1, { pointer: true }),
    serving: f(bool, 2, { pointer: true }),
    terminating: f(bool, 3, { pointer: true }),
  }),
  def(discoveryV1, 'EndpointHints', {
    forZones: f(list(ref(discoveryV1, 'ForZone'), { listType: 'atomic' }), 1),
    forNodes: f(list(ref(discoveryV1, 'ForNode'), { listType: 'atomic' }), 2),
  }),
  def(discoveryV1, 'ForZone', {
    name: f(str, 1, { required: true }),
  }),
  def(discoveryV1, 'ForNode', {
    name: f(str, 1, { required: true }),
  }),
];
