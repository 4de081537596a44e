// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, str, bytes, int32, int64, intstr, resource, runtime } from './dsl.ts';

export const types: TypeDef[] = [
  def(runtime, 'Unknown', {
    typeMeta: f(ref(runtime, 'TypeMeta'), 1, { inline: true }),
    raw: f(bytes, 2),
    contentEncoding: f(str, 3, { required: true }),
    contentType: f(str, 4, { required: true }),
  }),
  def(runtime, 'RawExtension', {
    raw: f(bytes, 1),
  }),
  def(resource, 'Quantity', {
    string: f(str, 1),
  }),
  def(intstr, 'IntOrString', {
    type: f(int64, 1),
    intVal: f(int32, 2),
    strVal: f(str, 3),
  }),
  def(runtime, 'TypeMeta', {
    apiVersion: f(str, 1),
    kind: f(str, 2),
  }),
];
