// Field-selector fields beyond metadata.name/namespace, as upstream's *ToSelectableFields declare them.
// An unset field selects as the empty string, as upstream.
import type { ResourceType } from '../types.ts';

type Fields = ResourceType['selectableFields'];

export const podFields: Fields = {
  'spec.nodeName': (o) => o.spec?.nodeName ?? '',
  'spec.restartPolicy': (o) => o.spec?.restartPolicy ?? '',
  'spec.schedulerName': (o) => o.spec?.schedulerName ?? '',
  'spec.serviceAccountName': (o) => o.spec?.serviceAccountName ?? '',
  'spec.hostNetwork': (o) => String(o.spec?.hostNetwork ?? false),
  'status.phase': (o) => o.status?.phase ?? '',
  // Upstream selects on the first of status.podIPs.
  'status.podIP': (o) => o.status?.podIPs?.[0]?.ip ?? o.status?.podIP ?? '',
  'status.nominatedNodeName': (o) => o.status?.nominatedNodeName ?? '',
};

const objectReferenceFields = (prefix: string, get: (o: any) => any): Fields =>
  Object.fromEntries(
    ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((k) => [
      `${prefix}.${k}`,
      (o: any) => get(o)?.[k] ?? '',
    ]),
  );

export const eventFields: Fields = {
  ...objectReferenceFields('involvedObject', (o) => o.involvedObject),
  reason: (o) => o.reason ?? '',
  reportingComponent: (o) => o.reportingComponent ?? '',
  source: (o) => o.source?.component ?? '',
  type: (o) => o.type ?? '',
};

/** events.k8s.io/v1 names the same facts after its own fields. */
export const eventsV1Fields: Fields = {
  ...objectReferenceFields('regarding', (o) => o.regarding),
  reason: (o) => o.reason ?? '',
  reportingController: (o) => o.reportingController ?? '',
  type: (o) => o.type ?? '',
};
