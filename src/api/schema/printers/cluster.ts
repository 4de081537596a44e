// Tables of scheduling, coordination, discovery, rbac, storage, networking and apiextensions kinds,
// as upstream's server-side printers (or its default table, for CRDs) lay them out.
import type { PrinterColumn } from '../types.ts';
import { ageColumn, column, createdAtColumn, formatLabelSelector, nameColumn, wide } from './common.ts';
import { loadBalancerAddresses } from './core.ts';

const str = (name: string, description: string, cell: PrinterColumn['cell']) => column(name, 'string', description, cell);

export const priorityClassColumns: PrinterColumn[] = [
  nameColumn,
  column('Value', 'integer', 'The priority value.', (o) => o.value ?? 0),
  column('Global-Default', 'boolean', 'Whether pods without a priority class get this one.', (o) => o.globalDefault ?? false),
  ageColumn,
  str('PreemptionPolicy', 'Whether pods of this class may preempt others.', (o) => o.preemptionPolicy ?? '<none>'),
];

export const leaseColumns: PrinterColumn[] = [
  nameColumn,
  str('Holder', 'The current holder of the lease.', (o) => o.spec?.holderIdentity ?? ''),
  ageColumn,
];

/** Up to three entries then " + N more...", or <unset> when there are none (endpoint slices). */
function listOrUnset(items: string[]): string {
  if (items.length === 0) return '<unset>';
  return items.length > 3 ? `${items.slice(0, 3).join(',')} + ${items.length - 3} more...` : items.join(',');
}

export const endpointSliceColumns: PrinterColumn[] = [
  nameColumn,
  str('AddressType', 'IPv4, IPv6 or FQDN.', (o) => o.addressType ?? ''),
  str('Ports', 'Up to three ports.', (o) =>
    listOrUnset((o.ports ?? []).map((p: any) => (p.port != null ? String(p.port) : p.name != null ? p.name : '*'))),
  ),
  str('Endpoints', 'Up to three addresses.', (o) => listOrUnset((o.endpoints ?? []).flatMap((e: any) => e.addresses ?? []))),
  ageColumn,
];

// ---- rbac

export const roleColumns: PrinterColumn[] = [nameColumn, createdAtColumn];

const subjects = (o: any, kind: string): any[] => (o.subjects ?? []).filter((s: any) => s.kind === kind);
const bindingColumns = (): PrinterColumn[] => [
  nameColumn,
  str('Role', 'The bound role, kind/name.', (o) => `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`),
  ageColumn,
  wide('Users', 'Users in the binding.', (o) => subjects(o, 'User').map((s) => s.name).join(', ')),
  wide('Groups', 'Groups in the binding.', (o) => subjects(o, 'Group').map((s) => s.name).join(', ')),
  wide('ServiceAccounts', 'Service accounts in the binding, namespace:name.', (o) =>
    subjects(o, 'ServiceAccount').map((s) => `${s.namespace ?? ''}:${s.name}`).join(', '),
  ),
];
export const roleBindingColumns = bindingColumns();
export const clusterRoleBindingColumns = bindingColumns();

// ---- storage

const defaultClassAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export const storageClassColumns: PrinterColumn[] = [
  {
    ...nameColumn,
    cell: (o) => {
      const isDefault = defaultClassAnnotations.some((a) => o.metadata?.annotations?.[a] === 'true');
      return isDefault ? `${o.metadata?.name} (default)` : o.metadata?.name ?? '';
    },
  },
  str('Provisioner', 'The volume plugin that provisions volumes.', (o) => o.provisioner ?? ''),
  str('ReclaimPolicy', 'Reclaim policy of provisioned volumes.', (o) => o.reclaimPolicy ?? 'Delete'),
  str('VolumeBindingMode', 'When volumes are bound and provisioned.', (o) => o.volumeBindingMode ?? 'Immediate'),
  column('AllowVolumeExpansion', 'boolean', 'Whether volumes of this class may grow.', (o) => o.allowVolumeExpansion ?? false),
  ageColumn,
];

// ---- networking

function ingressHosts(o: any): string {
  const rules: any[] = o.spec?.rules ?? [];
  const hosts = rules.slice(0, 4).map((r) => r.host).filter(Boolean);
  if (hosts.length === 0) return '*';
  return rules.length > 4 ? `${hosts.join(',')} + ${rules.length - 4} more...` : hosts.join(',');
}

export const ingressColumns: PrinterColumn[] = [
  nameColumn,
  str('Class', 'The ingress class.', (o) => o.spec?.ingressClassName ?? '<none>'),
  str('Hosts', 'Hosts that incoming requests are matched against before the ingress rule', ingressHosts),
  str('Address', 'Address is a list containing ingress points for the load-balancer', (o) =>
    loadBalancerAddresses(o.status?.loadBalancer).join(','),
  ),
  str('Ports', 'Ports of TLS configurations that open', (o) => ((o.spec?.tls ?? []).length > 0 ? '80, 443' : '80')),
  ageColumn,
];

export const ingressClassColumns: PrinterColumn[] = [
  nameColumn,
  str('Controller', 'The controller that implements the class.', (o) => o.spec?.controller ?? ''),
  str('Parameters', 'The parameters object, kind.group/name.', (o) => {
    const p = o.spec?.parameters;
    if (!p) return '<none>';
    return `${p.apiGroup ? `${p.kind}.${p.apiGroup}` : p.kind}/${p.name}`;
  }),
  ageColumn,
];

export const networkPolicyColumns: PrinterColumn[] = [
  nameColumn,
  str('Pod-Selector', 'The pods the policy applies to.', (o) => formatLabelSelector(o.spec?.podSelector)),
  ageColumn,
];

/** CRDs have no printer upstream; the default table shows name and creation time. */
export const crdColumns: PrinterColumn[] = [nameColumn, createdAtColumn];
