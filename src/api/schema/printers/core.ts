// Tables of the core/v1 kinds other than pods, as upstream's server-side printers lay them out.
import type { PrinterColumn } from '../types.ts';
import { age } from '../age.ts';
import {
  ageColumn, column, containerColumns, createdAtColumn, formatLabels, listWithMore, nameColumn, wide,
} from './common.ts';

const str = (name: string, description: string, cell: PrinterColumn['cell']) => column(name, 'string', description, cell);
const int = (name: string, description: string, cell: PrinterColumn['cell']) => column(name, 'integer', description, cell);
const count = (m: object | undefined) => Object.keys(m ?? {}).length;

export const configMapColumns: PrinterColumn[] = [
  nameColumn,
  int('Data', 'Number of entries in data and binaryData.', (o) => count(o.data) + count(o.binaryData)),
  ageColumn,
];

export const secretColumns: PrinterColumn[] = [
  nameColumn,
  str('Type', 'The secret type.', (o) => o.type ?? ''),
  str('Data', 'Number of entries in data.', (o) => count(o.data)),
  ageColumn,
];

export const serviceAccountColumns: PrinterColumn[] = [
  nameColumn,
  str('Secrets', 'Number of secrets listed for the service account.', (o) => (o.secrets ?? []).length),
  ageColumn,
];

export const namespaceColumns: PrinterColumn[] = [
  nameColumn,
  str('Status', 'The status of the namespace', (o) => o.status?.phase ?? ''),
  ageColumn,
];

export const limitRangeColumns: PrinterColumn[] = [nameColumn, createdAtColumn];

export const podTemplateColumns: PrinterColumn[] = [
  nameColumn,
  ...containerColumns((o) => o.template?.spec).map((c) => ({ ...c, priority: 0 })),
  str('Pod Labels', 'The labels for the pod template.', (o) => formatLabels(o.template?.metadata?.labels)),
];

export const replicationControllerColumns: PrinterColumn[] = [
  nameColumn,
  int('Desired', 'Desired number of replicas.', (o) => o.spec?.replicas ?? 0),
  int('Current', 'Number of replicas observed.', (o) => o.status?.replicas ?? 0),
  int('Ready', 'Number of ready replicas.', (o) => o.status?.readyReplicas ?? 0),
  ageColumn,
  ...containerColumns((o) => o.spec?.template?.spec),
  wide('Selector', 'Label query over the pods the controller manages.', (o) => formatLabels(o.spec?.selector)),
];

export const resourceQuotaColumns: PrinterColumn[] = [
  nameColumn,
  ageColumn,
  str('Request', 'Usage and hard limit of each resource that is not a limit.', (o) => quotaUsage(o, false)),
  str('Limit', 'Usage and hard limit of each limits.* resource.', (o) => quotaUsage(o, true)),
];

function quotaUsage(quota: any, limits: boolean): string {
  const hard: Record<string, string> = quota.status?.hard ?? {};
  const used: Record<string, string> = quota.status?.used ?? {};
  return Object.keys(hard)
    .sort()
    .filter((r) => (r.split('.').length > 1 && r.split('.')[0] === 'limits') === limits)
    .map((r) => `${r}: ${used[r] ?? '0'}/${hard[r]}`)
    .join(', ');
}

// ---- services and endpoints

export const serviceColumns: PrinterColumn[] = [
  nameColumn,
  str('Type', 'The service type.', (o) => o.spec?.type ?? ''),
  str('Cluster-IP', 'The primary cluster IP.', (o) => o.spec?.clusterIPs?.[0] ?? '<none>'),
  str('External-IP', 'External addresses: external IPs, load-balancer ingress, or the external name.', serviceExternalIP),
  str('Port(s)', 'Service ports, with node ports.', (o) => servicePorts(o.spec?.ports ?? []) || '<none>'),
  ageColumn,
  wide('Selector', 'Labels of the pods the service routes to.', (o) => formatLabels(o.spec?.selector)),
];

function servicePorts(ports: any[]): string {
  return ports.map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',');
}

/** Load-balancer ingress points, each an IP or a hostname. */
export function loadBalancerAddresses(status: any): string[] {
  return (status?.ingress ?? []).flatMap((i: any) => (i.ip ? [i.ip] : i.hostname ? [i.hostname] : []));
}

function serviceExternalIP(svc: any): string {
  const externalIPs: string[] = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...loadBalancerAddresses(svc.status?.loadBalancer), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export const endpointsColumns: PrinterColumn[] = [
  nameColumn,
  str('Endpoints', 'Up to three ready addresses, with ports.', endpointsCell),
  ageColumn,
];

const hostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

function endpointsCell(ep: any): string {
  const subsets: any[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const all = subsets.flatMap((ss) => {
    const addresses: any[] = ss.addresses ?? [];
    // Headless services may have no ports.
    if ((ss.ports ?? []).length === 0) return addresses.map((a) => a.ip);
    return (ss.ports as any[]).flatMap((p) => addresses.map((a) => hostPort(a.ip, p.port)));
  });
  return listWithMore(all, 3);
}

// ---- nodes

export const nodeColumns: PrinterColumn[] = [
  nameColumn,
  str('Status', 'The status of the node', nodeStatus),
  str('Roles', 'The roles of the node', (o) => nodeRoles(o).join(',') || '<none>'),
  ageColumn,
  str('Version', 'Kubelet version reported by the node.', (o) => o.status?.nodeInfo?.kubeletVersion ?? ''),
  wide('Internal-IP', 'The first InternalIP address.', (o) => nodeAddress(o, 'InternalIP')),
  wide('External-IP', 'The first ExternalIP address.', (o) => nodeAddress(o, 'ExternalIP')),
  wide('OS-Image', 'OS image reported by the node.', (o) => o.status?.nodeInfo?.osImage || '<unknown>'),
  wide('Kernel-Version', 'Kernel version reported by the node.', (o) => o.status?.nodeInfo?.kernelVersion || '<unknown>'),
  wide('Container-Runtime', 'Container runtime and version.', (o) => o.status?.nodeInfo?.containerRuntimeVersion || '<unknown>'),
];

function nodeStatus(node: any): string {
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Roles come from node-role.kubernetes.io/<role> labels and the older kubernetes.io/role label. */
function nodeRoles(node: any): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries<string>(node.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

const nodeAddress = (node: any, type: string) =>
  (node.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? '<none>';

// ---- events (core/v1; events.k8s.io/v1 objects are read through the same fields)

export const eventColumns: PrinterColumn[] = [
  str('Last Seen', 'Time since the event was last observed.', (o, now) => eventTimes(o, now).last),
  str('Type', 'Normal or Warning.', (o) => o.type ?? ''),
  str('Reason', 'Why the event happened, in CamelCase.', (o) => o.reason ?? ''),
  str('Object', 'The object the event is about.', eventObject),
  wide('Subobject', 'Field path within the object.', (o) => eventRegarding(o)?.fieldPath ?? ''),
  wide('Source', 'The component (and host) reporting the event.', eventSource),
  str('Message', 'A human-readable description.', (o) => (o.message ?? o.note ?? '').trim()),
  wide('First Seen', 'Time since the event was first observed.', (o, now) => eventTimes(o, now).first),
  wide('Count', 'How many times the event has occurred.', eventCount),
  { ...wide('Name', 'Name of the event object.', (o) => o.metadata?.name ?? ''), format: 'name' },
];

const eventRegarding = (e: any) => e.involvedObject ?? e.regarding;

function eventObject(e: any): string {
  const ref = eventRegarding(e) ?? {};
  const kind = String(ref.kind ?? '').toLowerCase();
  return ref.name ? `${kind}/${ref.name}` : kind;
}

function eventSource(e: any): string {
  const source = e.source ?? e.deprecatedSource ?? {};
  const component = source.component || e.reportingController || e.reportingComponent || '';
  const instance = source.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

function eventTimes(e: any, now: Date): { first: string; last: string } {
  const firstTimestamp = e.firstTimestamp ?? e.deprecatedFirstTimestamp;
  const lastTimestamp = e.lastTimestamp ?? e.deprecatedLastTimestamp;
  const first = firstTimestamp ? age(firstTimestamp, now) : age(e.eventTime, now);
  if (e.series) return { first, last: age(e.series.lastObservedTime, now) };
  return { first, last: lastTimestamp ? age(lastTimestamp, now) : first };
}

function eventCount(e: any): number {
  if (e.series) return e.series.count ?? 0;
  // Singleton events of the newer API carry no count.
  const n = e.count ?? e.deprecatedCount ?? 0;
  return n === 0 ? 1 : n;
}

// ---- persistent volumes and claims

const accessModeShort: Record<string, string> = {
  ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP',
};

/** Access modes in upstream's fixed order, deduplicated. */
function accessModes(modes: string[] | undefined): string {
  const present = new Set(modes ?? []);
  return Object.keys(accessModeShort).filter((m) => present.has(m)).map((m) => accessModeShort[m]).join(',');
}

const betaStorageClass = 'volume.beta.kubernetes.io/storage-class';
const storageClassOf = (o: any) => o.metadata?.annotations?.[betaStorageClass] ?? o.spec?.storageClassName ?? '';
const terminatingPhase = (o: any) => (o.metadata?.deletionTimestamp ? 'Terminating' : o.status?.phase ?? '');
const volumeAttributesClass = (o: any) => o.spec?.volumeAttributesClassName || '<unset>';
const volumeMode = wide('VolumeMode', 'Filesystem or Block.', (o) => o.spec?.volumeMode ?? '<unset>');

export const pvColumns: PrinterColumn[] = [
  nameColumn,
  str('Capacity', 'Storage capacity.', (o) => o.spec?.capacity?.storage ?? '0'),
  str('Access Modes', 'Access modes.', (o) => accessModes(o.spec?.accessModes)),
  str('Reclaim Policy', 'What happens to the volume when released.', (o) => o.spec?.persistentVolumeReclaimPolicy ?? ''),
  str('Status', 'The phase of the volume.', terminatingPhase),
  str('Claim', 'The bound claim, namespace/name.', (o) => (o.spec?.claimRef ? `${o.spec.claimRef.namespace ?? ''}/${o.spec.claimRef.name ?? ''}` : '')),
  str('StorageClass', 'StorageClass of the pv', storageClassOf),
  str('VolumeAttributesClass', 'VolumeAttributesClass of the pv', volumeAttributesClass),
  str('Reason', 'Why the volume is in its phase.', (o) => o.status?.reason ?? ''),
  ageColumn,
  volumeMode,
];

export const pvcColumns: PrinterColumn[] = [
  nameColumn,
  str('Status', 'The phase of the claim.', terminatingPhase),
  str('Volume', 'The bound volume.', (o) => o.spec?.volumeName ?? ''),
  str('Capacity', 'Capacity of the bound volume.', (o) => (o.spec?.volumeName ? o.status?.capacity?.storage ?? '0' : '')),
  str('Access Modes', 'Access modes of the bound volume.', (o) => (o.spec?.volumeName ? accessModes(o.status?.accessModes) : '')),
  str('StorageClass', 'StorageClass of the pvc', storageClassOf),
  str('VolumeAttributesClass', 'VolumeAttributesClass of the pvc', volumeAttributesClass),
  ageColumn,
  volumeMode,
];
