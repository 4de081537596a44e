// Objects are stored without metadata.resourceVersion: the store's revision is the resourceVersion,
// set on every read (as upstream's etcd3 storage does), so the two can never disagree.
import type { KeyValue } from '../../storage/backend.ts';

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: KubeMeta;
  [field: string]: unknown;
};

export type KubeMeta = {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
  [field: string]: unknown;
};

export function decodeStored(value: string, revision: number): KubeObject {
  const obj = JSON.parse(value) as KubeObject;
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

export function decodeKeyValue(kv: KeyValue): KubeObject {
  return decodeStored(kv.value, kv.modRevision);
}

export function encodeForStore(obj: KubeObject): string {
  const { resourceVersion: _dropped, ...metadata } = obj.metadata;
  return JSON.stringify({ ...obj, metadata });
}
