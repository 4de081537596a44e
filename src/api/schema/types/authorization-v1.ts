// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, map, str, bool, authorizationV1, metaV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(authorizationV1, 'SelfSubjectAccessReview', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(authorizationV1, 'SelfSubjectAccessReviewSpec'), 2, { required: true }),
    status: f(ref(authorizationV1, 'SubjectAccessReviewStatus'), 3),
  }),
  def(authorizationV1, 'SubjectAccessReview', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(authorizationV1, 'SubjectAccessReviewSpec'), 2, { required: true }),
    status: f(ref(authorizationV1, 'SubjectAccessReviewStatus'), 3),
  }),
  def(authorizationV1, 'LocalSubjectAccessReview', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(authorizationV1, 'SubjectAccessReviewSpec'), 2, { required: true }),
    status: f(ref(authorizationV1, 'SubjectAccessReviewStatus'), 3),
  }),
  def(authorizationV1, 'SelfSubjectRulesReview', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(authorizationV1, 'SelfSubjectRulesReviewSpec'), 2, { required: true }),
    status: f(ref(authorizationV1, 'SubjectRulesReviewStatus'), 3),
  }),
  def(authorizationV1, 'SelfSubjectAccessReviewSpec', {
    resourceAttributes: f(ref(authorizationV1, 'ResourceAttributes'), 1, { pointer: true }),
    nonResourceAttributes: f(ref(authorizationV1, 'NonResourceAttributes'), 2, { pointer: true }),
  }),
  def(authorizationV1, 'SubjectAccessReviewStatus', {
    allowed: f(bool, 1, { required: true }),
    denied: f(bool, 4),
    reason: f(str, 2),
    evaluationError: f(str, 3),
  }),
  def(authorizationV1, 'SubjectAccessReviewSpec', {
    resourceAttributes: f(ref(authorizationV1, 'ResourceAttributes'), 1, { pointer: true }),
    nonResourceAttributes: f(ref(authorizationV1, 'NonResourceAttributes'), 2, { pointer: true }),
    user: f(str, 3),
    groups: f(list(str, { listType: 'atomic' }), 4),
    extra: f(map(list(str)), 5, { protobufMessage: 'io.k8s.api.authorization.v1.ExtraValue' }),
    uid: f(str, 6),
  }),
  def(authorizationV1, 'SelfSubjectRulesReviewSpec', {
    namespace: f(str, 1),
  }),
  def(authorizationV1, 'SubjectRulesReviewStatus', {
    resourceRules: f(list(ref(authorizationV1, 'ResourceRule'), { listType: 'atomic' }), 1, { required: true }),
    nonResourceRules: f(list(ref(authorizationV1, 'NonResourceRule'), { listType: 'atomic' }), 2, { required: true }),
    incomplete: f(bool, 3, { required: true }),
    evaluationError: f(str, 4),
  }),
  def(authorizationV1, 'ResourceAttributes', {
    namespace: f(str, 1),
    verb: f(str, 2),
    group: f(str, 3),
    version: f(str, 4),
    resource: f(str, 5),
    subresource: f(str, 6),
    name: f(str, 7),
    fieldSelector: f(ref(authorizationV1, 'FieldSelectorAttributes'), 8, { pointer: true }),
    labelSelector: f(ref(authorizationV1, 'LabelSelectorAttributes'), 9, { pointer: true }),
  }),
  def(authorizationV1, 'NonResourceAttributes', {
    path: f(str, 1),
    verb: f(str, 2),
  }),
  def(authorizationV1, 'ExtraValue', {
    items: f(list(str), 1),
  }),
  def(authorizationV1, 'ResourceRule', {
    verbs: f(list(str, { listType: 'atomic' }), 1, { required: true }),
    apiGroups: f(list(str, { listType: 'atomic' }), 2),
    resources: f(list(str, { listType: 'atomic' }), 3),
    resourceNames: f(list(str, { listType: 'atomic' }), 4),
  }),
  def(authorizationV1, 'NonResourceRule', {
    verbs: f(list(str, { listType: 'atomic' }), 1, { required: true }),
    nonResourceURLs: f(list(str, { listType: 'atomic' }), 2),
  }),
  def(authorizationV1, 'FieldSelectorAttributes', {
    rawSelector: f(str, 1),
    requirements: f(list(ref(metaV1, 'FieldSelectorRequirement'), { listType: 'atomic' }), 2),
  }),
  def(authorizationV1, 'LabelSelectorAttributes', {
    rawSelector: f(str, 1),
    requirements: f(list(ref(metaV1, 'LabelSelectorRequirement'), { listType: 'atomic' }), 2),
  }),
];
