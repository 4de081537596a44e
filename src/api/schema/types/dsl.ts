// A compact vocabulary for the generated type modules beside this file, so that each field reads
// as one line: name: f(schema, protobufNumber, { patch metadata }).
import type { FieldDef, Schema, TypeDef } from '../types.ts';

// OpenAPI definition-name prefixes, one per API package.
export const coreV1 = 'io.k8s.api.core.v1';
export const appsV1 = 'io.k8s.api.apps.v1';
export const autoscalingV1 = 'io.k8s.api.autoscaling.v1';
export const autoscalingV2 = 'io.k8s.api.autoscaling.v2';
export const batchV1 = 'io.k8s.api.batch.v1';
export const policyV1 = 'io.k8s.api.policy.v1';
export const schedulingV1 = 'io.k8s.api.scheduling.v1';
export const coordinationV1 = 'io.k8s.api.coordination.v1';
export const discoveryV1 = 'io.k8s.api.discovery.v1';
export const eventsV1 = 'io.k8s.api.events.v1';
export const rbacV1 = 'io.k8s.api.rbac.v1';
export const storageV1 = 'io.k8s.api.storage.v1';
export const networkingV1 = 'io.k8s.api.networking.v1';
export const authorizationV1 = 'io.k8s.api.authorization.v1';
export const authenticationV1 = 'io.k8s.api.authentication.v1';
export const apiextensionsV1 = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
export const metaV1 = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const runtime = 'io.k8s.apimachinery.pkg.runtime';
export const resource = 'io.k8s.apimachinery.pkg.api.resource';
export const intstr = 'io.k8s.apimachinery.pkg.util.intstr';

export const str: Schema = { type: 'string' };
export const bytes: Schema = { type: 'string', format: 'byte' };
export const int32: Schema = { type: 'integer', format: 'int32' };
export const int64: Schema = { type: 'integer', format: 'int64' };
export const num: Schema = { type: 'number', format: 'double' };
export const bool: Schema = { type: 'boolean' };
export const quantity: Schema = { type: 'quantity' };
export const intOrString: Schema = { type: 'int-or-string' };
export const time: Schema = { type: 'time' };
export const microTime: Schema = { type: 'time', micro: true };
export const any: Schema = { type: 'any' };

export function ref(pkg: string, name: string): Schema {
  return { type: 'ref', name: `${pkg}.${name}` };
}

export function list(items: Schema, opts: { listType?: 'atomic' | 'set' | 'map'; listMapKeys?: string[] } = {}): Schema {
  return { type: 'array', items, ...opts };
}

export function map(values: Schema): Schema {
  return { type: 'map', values };
}

export function f(schema: Schema, protobuf?: number, extra: Omit<FieldDef, 'schema' | 'protobuf'> = {}): FieldDef {
  return protobuf === undefined ? { schema, ...extra } : { schema, protobuf, ...extra };
}

export function def(pkg: string, name: string, fields: Record<string, FieldDef>): TypeDef {
  return { name: `${pkg}.${name}`, fields };
}
