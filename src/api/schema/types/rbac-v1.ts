// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, str, metaV1, rbacV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(rbacV1, 'Role', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    rules: f(list(ref(rbacV1, 'PolicyRule'), { listType: 'atomic' }), 2),
  }),
  def(rbacV1, 'RoleList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(rbacV1, 'Role')), 2, { required: true }),
  }),
  def(rbacV1, 'ClusterRole', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    rules: f(list(ref(rbacV1, 'PolicyRule'), { listType: 'atomic' }), 2),
    aggregationRule: f(ref(rbacV1, 'AggregationRule'), 3, { pointer: true }),
  }),
  def(rbacV1, 'ClusterRoleList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(rbacV1, 'ClusterRole')), 2, { required: true }),
  }),
  def(rbacV1, 'RoleBinding', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    subjects: f(list(ref(rbacV1, 'Subject'), { listType: 'atomic' }), 2),
    roleRef: f(ref(rbacV1, 'RoleRef'), 3, { required: true }),
  }),
  def(rbacV1, 'RoleBindingList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(rbacV1, 'RoleBinding')), 2, { required: true }),
  }),
  def(rbacV1, 'ClusterRoleBinding', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    subjects: f(list(ref(rbacV1, 'Subject'), { listType: 'atomic' }), 2),
    roleRef: f(ref(rbacV1, 'RoleRef'), 3, { required: true }),
  }),
  def(rbacV1, 'ClusterRoleBindingList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(rbacV1, 'ClusterRoleBinding')), 2, { required: true }),
  }),
  def(rbacV1, 'PolicyRule', {
    verbs: f(list(str, { listType: 'atomic' }), 1, { required: true }),
    apiGroups: f(list(str, { listType: 'atomic' }), 2),
    resources: f(list(str, { listType: 'atomic' }), 3),
    resourceNames: f(list(str, { listType: 'atomic' }), 4),
    nonResourceURLs: f(list(str, { listType: 'atomic' }), 5),
  }),
  def(rbacV1, 'AggregationRule', {
    clusterRoleSelectors: f(list(ref(metaV1, 'LabelSelector'), { listType: 'atomic' }), 1),
  }),
  def(rbacV1, 'Subject', {
    kind: f(str, 1, { required: true }),
    apiGroup: f(str, 2),
    name: f(str, 3, { required: true }),
    namespace: f(str, 4),
  }),
  def(rbacV1, 'RoleRef', {
    apiGroup: f(str, 1),
    kind: f(str, 2, { required: true }),
    name: f(str, 3, { required: true }),
  }),
];
