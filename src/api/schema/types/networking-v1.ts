// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, str, int32, intOrString, coreV1, metaV1, networkingV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(networkingV1, 'Ingress', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(networkingV1, 'IngressSpec'), 2),
    status: f(ref(networkingV1, 'IngressStatus'), 3),
  }),
  def(networkingV1, 'IngressList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(networkingV1, 'Ingress')), 2, { required: true }),
  }),
  def(networkingV1, 'IngressClass', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(networkingV1, 'IngressClassSpec'), 2),
  }),
  def(networkingV1, 'IngressClassList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(networkingV1, 'IngressClass')), 2, { required: true }),
  }),
  def(networkingV1, 'NetworkPolicy', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(networkingV1, 'NetworkPolicySpec'), 2),
  }),
  def(networkingV1, 'NetworkPolicyList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(networkingV1, 'NetworkPolicy')), 2, { required: true }),
  }),
  def(networkingV1, 'IngressSpec', {
    ingressClassName: f(str, 4, { pointer: true }),
    defaultBackend: f(ref(networkingV1, 'IngressBackend'), 1, { pointer: true }),
    tls: f(list(ref(networkingV1, 'IngressTLS'), { listType: 'atomic' }), 2),
    rules: f(list(ref(networkingV1, 'IngressRule'), { listType: 'atomic' }), 3),
  }),
  def(networkingV1, 'IngressStatus', {
    loadBalancer: f(ref(networkingV1, 'IngressLoadBalancerStatus'), 1),
  }),
  def(networkingV1, 'IngressClassSpec', {
    controller: f(str, 1),
    parameters: f(ref(networkingV1, 'IngressClassParametersReference'), 2, { pointer: true }),
  }),
  def(networkingV1, 'NetworkPolicySpec', {
    podSelector: f(ref(metaV1, 'LabelSelector'), 1),
    ingress: f(list(ref(networkingV1, 'NetworkPolicyIngressRule'), { listType: 'atomic' }), 2),
    egress: f(list(ref(networkingV1, 'NetworkPolicyEgressRule'), { listType: 'atomic' }), 3),
    policyTypes: f(list(str, { listType: 'atomic' }), 4),
  }),
  def(networkingV1, 'IngressBackend', {
    service: f(ref(networkingV1, 'IngressServiceBackend'), 4, { pointer: true }),
    resource: f(ref(coreV1, 'TypedLocalObjectReference'), 3, { pointer: true }),
  }),
  def(networkingV1, 'IngressTLS', {
    hosts: f(list(str, { listType: 'atomic' }), 1),
    secretName: f(str, 2),
  }),
  def(networkingV1, 'IngressRule', {
    host: f(str, 1),
    ingressRuleValue: f(ref(networkingV1, 'IngressRuleValue'), 2, { inline: true }),
  }),
  def(networkingV1, 'IngressLoadBalancerStatus', {
    ingress: f(list(ref(networkingV1, 'IngressLoadBalancerIngress'), { listType: 'atomic' }), 1),
  }),
  def(networkingV1, 'IngressClassParametersReference', {
    apiGroup: f(str, 1, { pointer: true }),
    kind: f(str, 2, { required: true }),
    name: f(str, 3, { required: true }),
    scope: f(str, 4, { pointer: true }),
    namespace: f(str, 5, { pointer: true }),
  }),
  def(networkingV1, 'NetworkPolicyIngressRule', {
    ports: f(list(ref(networkingV1, 'NetworkPolicyPort'), { listType: 'atomic' }), 1),
    from: f(list(ref(networkingV1, 'NetworkPolicyPeer'), { listType: 'atomic' }), 2),
  }),
  def(networkingV1, 'NetworkPolicyEgressRule', {
    ports: f(list(ref(networkingV1, 'NetworkPolicyPort'), { listType: 'atomic' }), 1),
    to: f(list(ref(networkingV1, 'NetworkPolicyPeer'), { listType: 'atomic' }), 2),
  }),
  def(networkingV1, 'IngressServiceBackend', {
    name: f(str, 1, { required: true }),
    port: f(ref(networkingV1, 'ServiceBackendPort'), 2),
  }),
  def(networkingV1, 'IngressRuleValue', {
    http: f(ref(networkingV1, 'HTTPIngressRuleValue'), 1, { pointer: true }),
  }),
  def(networkingV1, 'IngressLoadBalancerIngress', {
    ip: f(str, 1),
    hostname: f(str, 2),
    ports: f(list(ref(networkingV1, 'IngressPortStatus'), { listType: 'atomic' }), 4),
  }),
  def(networkingV1, 'NetworkPolicyPort', {
    protocol: f(str, 1, { pointer: true }),
    port: f(intOrString, 2, { pointer: true }),
    endPort: f(int32, 3, { pointer: true }),
  }),
  def(networkingV1, 'NetworkPolicyPeer', {
    podSelector: f(ref(metaV1, 'LabelSelector'), 1, { pointer: true }),
    namespaceSelector: f(ref(metaV1, 'LabelSelector'), 2, { pointer: true }),
    ipBlock: f(ref(networkingV1, 'IPBlock'), 3, { pointer: true }),
  }),
  def(networkingV1, 'ServiceBackendPort', {
    name: f(str, 1),
    number: f(int32, 2),
  }),
  def(networkingV1, 'HTTPIngressRuleValue', {
    paths: f(list(ref(networkingV1, 'HTTPIngressPath'), { listType: 'atomic' }), 1, { required: true }),
  }),
  def(networkingV1, 'IngressPortStatus', {
    port: f(int32, 1, { required: true }),
    protocol: f(str, 2, { required: true }),
    error: f(str, 3, { pointer: true }),
  }),
  def(networkingV1, 'IPBlock', {
    cidr: f(str, 1, { required: true }),
    except: f(list(str, { listType: 'atomic' }), 2),
  }),
  def(networkingV1, 'HTTPIngressPath', {
    path: f(str, 1),
    pathType: f(str, 3, { required: true, pointer: true }),
    backend: f(ref(networkingV1, 'IngressBackend'), 2, { required: true }),
  }),
];
