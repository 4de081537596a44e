// apps/v1, batch/v1, autoscaling/v1+v2 and policy/v1 resources as upstream discovery lists them.
import type { ResourceType } from '../types.ts';
import { appsV1, autoscalingV1, autoscalingV2, batchV1, policyV1 } from '../types/dsl.ts';
import { defineResource, scaleSubresource, statusSubresource } from './define.ts';
import * as cols from '../printers/workloads.ts';

const apps = { group: 'apps', version: 'v1', pkg: appsV1 };
const batch = { group: 'batch', version: 'v1', pkg: batchV1 };

export function workloadResources(): ResourceType[] {
  return [
    defineResource({ ...apps, kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true, printerColumns: cols.controllerRevisionColumns }),
    defineResource({
      ...apps, kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, shortNames: ['ds'], categories: ['all'],
      subresources: [statusSubresource], printerColumns: cols.daemonSetColumns,
    }),
    defineResource({
      ...apps, kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'], categories: ['all'],
      subresources: [scaleSubresource, statusSubresource], printerColumns: cols.deploymentColumns,
    }),
    defineResource({
      ...apps, kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, shortNames: ['rs'], categories: ['all'],
      subresources: [scaleSubresource, statusSubresource], printerColumns: cols.replicaSetColumns,
      selectableFields: { 'status.replicas': (o) => String(o.status?.replicas ?? 0) },
    }),
    defineResource({
      ...apps, kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, shortNames: ['sts'], categories: ['all'],
      subresources: [scaleSubresource, statusSubresource], printerColumns: cols.statefulSetColumns,
    }),
    ...(['v2', 'v1'] as const).map((version) =>
      defineResource({
        group: 'autoscaling', version, pkg: version === 'v2' ? autoscalingV2 : autoscalingV1,
        kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true,
        shortNames: ['hpa'], categories: ['all'], subresources: [statusSubresource],
        printerColumns: version === 'v2' ? cols.hpaV2Columns : cols.hpaV1Columns,
      }),
    ),
    defineResource({
      ...batch, kind: 'CronJob', plural: 'cronjobs', namespaced: true, shortNames: ['cj'], categories: ['all'],
      subresources: [statusSubresource], printerColumns: cols.cronJobColumns,
    }),
    defineResource({
      ...batch, kind: 'Job', plural: 'jobs', namespaced: true, categories: ['all'],
      subresources: [statusSubresource], printerColumns: cols.jobColumns,
      selectableFields: { 'status.successful': (o) => String(o.status?.succeeded ?? 0) },
    }),
    defineResource({
      group: 'policy', version: 'v1', pkg: policyV1, kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets',
      namespaced: true, shortNames: ['pdb'], subresources: [statusSubresource], printerColumns: cols.pdbColumns,
    }),
  ];
}
