// core/v1 resources as upstream discovery lists them.
import type { ResourceType, Subresource } from '../types.ts';
import { coreV1 } from '../types/dsl.ts';
import { defineResource, scaleSubresource, standardVerbs, statusSubresource } from './define.ts';
import * as cols from '../printers/core.ts';
import { podColumns } from '../printers/pods.ts';
import { eventFields, podFields } from './selectable.ts';

const core = { group: '', version: 'v1', pkg: coreV1 };
const connect = (name: string): Subresource => ({ name, verbs: ['create', 'get'] });

export function coreResources(): ResourceType[] {
  return [
    defineResource({
      ...core, kind: 'Binding', plural: 'bindings', namespaced: true, verbs: ['create'], virtual: true,
    }),
    defineResource({
      ...core, kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'],
      printerColumns: cols.configMapColumns,
    }),
    defineResource({
      ...core, kind: 'Endpoints', plural: 'endpoints', namespaced: true, shortNames: ['ep'],
      printerColumns: cols.endpointsColumns,
    }),
    defineResource({
      ...core, kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'],
      printerColumns: cols.eventColumns, selectableFields: eventFields,
    }),
    defineResource({
      ...core, kind: 'LimitRange', plural: 'limitranges', namespaced: true, shortNames: ['limits'],
      printerColumns: cols.limitRangeColumns,
    }),
    defineResource({
      ...core, kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: [{ name: 'finalize', verbs: ['update'] }, statusSubresource],
      printerColumns: cols.namespaceColumns,
      selectableFields: { 'status.phase': (o) => o.status?.phase ?? '' },
    }),
    defineResource({
      ...core, kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'],
      subresources: [statusSubresource],
      printerColumns: cols.nodeColumns,
      selectableFields: { 'spec.unschedulable': (o) => String(o.spec?.unschedulable ?? false) },
    }),
    defineResource({
      ...core, kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, shortNames: ['pvc'],
      subresources: [statusSubresource], printerColumns: cols.pvcColumns,
    }),
    defineResource({
      ...core, kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, shortNames: ['pv'],
      subresources: [statusSubresource], printerColumns: cols.pvColumns,
    }),
    defineResource({
      ...core, kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'],
      subresources: [
        connect('attach'),
        { name: 'binding', kind: 'Binding', verbs: ['create'] },
        { name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
        connect('exec'),
        { name: 'log', verbs: ['get'] },
        connect('portforward'),
        statusSubresource,
      ],
      printerColumns: podColumns, selectableFields: podFields,
    }),
    defineResource({
      ...core, kind: 'PodTemplate', plural: 'podtemplates', namespaced: true,
      printerColumns: cols.podTemplateColumns,
    }),
    defineResource({
      ...core, kind: 'ReplicationController', plural: 'replicationcontrollers', namespaced: true,
      shortNames: ['rc'], categories: ['all'], subresources: [scaleSubresource, statusSubresource],
      printerColumns: cols.replicationControllerColumns,
      selectableFields: { 'status.replicas': (o) => String(o.status?.replicas ?? 0) },
    }),
    defineResource({
      ...core, kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true, shortNames: ['quota'],
      subresources: [statusSubresource], printerColumns: cols.resourceQuotaColumns,
    }),
    defineResource({
      ...core, kind: 'Secret', plural: 'secrets', namespaced: true,
      printerColumns: cols.secretColumns, selectableFields: { type: (o) => o.type ?? '' },
    }),
    defineResource({
      ...core, kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'],
      subresources: [{ name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] }],
      printerColumns: cols.serviceAccountColumns,
    }),
    defineResource({
      ...core, kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], categories: ['all'],
      verbs: standardVerbs, subresources: [statusSubresource], printerColumns: cols.serviceColumns,
    }),
  ];
}
