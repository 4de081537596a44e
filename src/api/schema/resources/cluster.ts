// The remaining built-in groups: scheduling, coordination, discovery, events, rbac, storage, networking,
// apiextensions, and the create-only review kinds of authentication and authorization.
import type { ResourceType } from '../types.ts';
import {
  apiextensionsV1, authenticationV1, authorizationV1, coordinationV1, discoveryV1, eventsV1, networkingV1,
  rbacV1, schedulingV1, storageV1,
} from '../types/dsl.ts';
import { defineResource, statusSubresource } from './define.ts';
import { eventsV1Fields } from './selectable.ts';
import * as cols from '../printers/cluster.ts';
import { eventColumns } from '../printers/core.ts';

const rbac = { group: 'rbac.authorization.k8s.io', version: 'v1', pkg: rbacV1 };
const networking = { group: 'networking.k8s.io', version: 'v1', pkg: networkingV1 };
const review = { version: 'v1', verbs: ['create'], virtual: true };

export function clusterResources(): ResourceType[] {
  return [
    defineResource({
      group: 'scheduling.k8s.io', version: 'v1', pkg: schedulingV1, kind: 'PriorityClass', plural: 'priorityclasses',
      namespaced: false, shortNames: ['pc'], printerColumns: cols.priorityClassColumns,
    }),
    defineResource({
      group: 'coordination.k8s.io', version: 'v1', pkg: coordinationV1, kind: 'Lease', plural: 'leases',
      namespaced: true, printerColumns: cols.leaseColumns,
    }),
    defineResource({
      group: 'discovery.k8s.io', version: 'v1', pkg: discoveryV1, kind: 'EndpointSlice', plural: 'endpointslices',
      namespaced: true, printerColumns: cols.endpointSliceColumns,
    }),
    defineResource({
      group: 'events.k8s.io', version: 'v1', pkg: eventsV1, kind: 'Event', plural: 'events', namespaced: true,
      shortNames: ['ev'], printerColumns: eventColumns, selectableFields: eventsV1Fields,
    }),
    defineResource({ ...rbac, kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false, printerColumns: cols.clusterRoleBindingColumns }),
    defineResource({ ...rbac, kind: 'ClusterRole', plural: 'clusterroles', namespaced: false, printerColumns: cols.roleColumns }),
    defineResource({ ...rbac, kind: 'RoleBinding', plural: 'rolebindings', namespaced: true, printerColumns: cols.roleBindingColumns }),
    defineResource({ ...rbac, kind: 'Role', plural: 'roles', namespaced: true, printerColumns: cols.roleColumns }),
    defineResource({
      group: 'storage.k8s.io', version: 'v1', pkg: storageV1, kind: 'StorageClass', plural: 'storageclasses',
      namespaced: false, shortNames: ['sc'], printerColumns: cols.storageClassColumns,
    }),
    defineResource({ ...networking, kind: 'IngressClass', plural: 'ingressclasses', namespaced: false, printerColumns: cols.ingressClassColumns }),
    defineResource({
      ...networking, kind: 'Ingress', plural: 'ingresses', namespaced: true, shortNames: ['ing'],
      subresources: [statusSubresource], printerColumns: cols.ingressColumns,
    }),
    defineResource({
      ...networking, kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true, shortNames: ['netpol'],
      printerColumns: cols.networkPolicyColumns,
    }),
    defineResource({
      group: 'apiextensions.k8s.io', version: 'v1', pkg: apiextensionsV1, kind: 'CustomResourceDefinition',
      plural: 'customresourcedefinitions', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'],
      subresources: [statusSubresource], printerColumns: cols.crdColumns,
    }),
    defineResource({ ...review, group: 'authentication.k8s.io', pkg: authenticationV1, kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false }),
    // kubectl 1.27 asks for `auth whoami` at v1beta1 (v1 is GA from 1.28); the object is the same.
    defineResource({ ...review, version: 'v1beta1', group: 'authentication.k8s.io', pkg: authenticationV1, kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false }),
    defineResource({ ...review, group: 'authentication.k8s.io', pkg: authenticationV1, kind: 'TokenReview', plural: 'tokenreviews', namespaced: false }),
    defineResource({ ...review, group: 'authorization.k8s.io', pkg: authorizationV1, kind: 'LocalSubjectAccessReview', plural: 'localsubjectaccessreviews', namespaced: true }),
    defineResource({ ...review, group: 'authorization.k8s.io', pkg: authorizationV1, kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false }),
    defineResource({ ...review, group: 'authorization.k8s.io', pkg: authorizationV1, kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', namespaced: false }),
    defineResource({ ...review, group: 'authorization.k8s.io', pkg: authorizationV1, kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', namespaced: false }),
  ];
}
