// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, map, str, int64, bool, time, authenticationV1, metaV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(authenticationV1, 'TokenRequest', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(authenticationV1, 'TokenRequestSpec'), 2),
    status: f(ref(authenticationV1, 'TokenRequestStatus'), 3),
  }),
  def(authenticationV1, 'TokenReview', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(authenticationV1, 'TokenReviewSpec'), 2, { required: true }),
    status: f(ref(authenticationV1, 'TokenReviewStatus'), 3),
  }),
  def(authenticationV1, 'SelfSubjectReview', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    status: f(ref(authenticationV1, 'SelfSubjectReviewStatus'), 2),
  }),
  def(authenticationV1, 'TokenRequestSpec', {
    audiences: f(list(str, { listType: 'atomic' }), 1),
    expirationSeconds: f(int64, 4, { pointer: true }),
    boundObjectRef: f(ref(authenticationV1, 'BoundObjectReference'), 3, { pointer: true }),
  }),
  def(authenticationV1, 'TokenRequestStatus', {
    token: f(str, 1),
    expirationTimestamp: f(time, 2),
  }),
  def(authenticationV1, 'TokenReviewSpec', {
    token: f(str, 1, { required: true }),
    audiences: f(list(str, { listType: 'atomic' }), 2),
  }),
  def(authenticationV1, 'TokenReviewStatus', {
    authenticated: f(bool, 1),
    user: f(ref(authenticationV1, 'UserInfo'), 2),
    audiences: f(list(str, { listType: 'atomic' }), 4),
    error: f(str, 3),
  }),
  def(authenticationV1, 'SelfSubjectReviewStatus', {
    userInfo: f(ref(authenticationV1, 'UserInfo'), 1),
  }),
  def(authenticationV1, 'BoundObjectReference', {
    kind: f(str, 1),
    apiVersion: f(str, 2),
    name: f(str, 3),
    uid: f(str, 4),
  }),
  def(authenticationV1, 'UserInfo', {
    username: f(str, 1),
    uid: f(str, 2),
    groups: f(list(str, { listType: 'atomic' }), 3),
    extra: f(map(list(str)), 4, { protobufMessage: 'io.k8s.api.authentication.v1.ExtraValue' }),
  }),
  def(authenticationV1, 'ExtraValue', {
    items: f(list(str), 1),
  }),
];
