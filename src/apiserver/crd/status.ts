// The CRD status the controller writes: accepted names, the NamesAccepted / Established / Terminating
// conditions with upstream's reasons, and storedVersions. Pure functions of (CRD, decision, now), so
// a status that did not change is written identically and no write happens.
import type { CustomResourceDefinition, CustomResourceDefinitionCondition, CustomResourceDefinitionStatus } from 'kubernetes-types/apiextensions/v1.d.ts';
import { rfc3339 } from '../objects/lifecycle.ts';
import type { NamesDecision } from './names.ts';

/** Upstream's finalizer: the CRD stays until the finalizer controller removed all its objects. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

type Condition = CustomResourceDefinitionCondition;

export function findCondition(crd: CustomResourceDefinition, type: string): Condition | undefined {
  return crd.status?.conditions?.find((c) => c.type === type);
}

export function isEstablished(crd: CustomResourceDefinition): boolean {
  return findCondition(crd, 'Established')?.status === 'True';
}

/** Sets a condition, keeping lastTransitionTime when the status did not change. */
export function withCondition(conditions: Condition[] | undefined, next: Omit<Condition, 'lastTransitionTime'>, now: Date): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const previous = i >= 0 ? list[i] : undefined;
  const lastTransitionTime = previous && previous.status === next.status ? previous.lastTransitionTime : rfc3339(now);
  const condition: Condition = { type: next.type, status: next.status, lastTransitionTime, reason: next.reason, message: next.message };
  if (i >= 0) list[i] = condition;
  else list.push(condition);
  return list;
}

/** The status after the naming decision: Established once the names are accepted, and stays so. */
export function statusAfterNaming(crd: CustomResourceDefinition, decision: NamesDecision, now: Date): CustomResourceDefinitionStatus {
  const status = crd.status ?? {};
  let conditions = withCondition(status.conditions, { type: 'NamesAccepted', status: decision.accepted ? 'True' : 'False', reason: decision.reason, message: decision.message }, now);
  if (decision.accepted) {
    conditions = withCondition(conditions, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }, now);
  } else if (!isEstablished(crd)) {
    conditions = withCondition(conditions, { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }, now);
  }
  const storage = crd.spec.versions.find((v) => v.storage)?.name;
  const storedVersions = [...(status.storedVersions ?? [])];
  if (storage && !storedVersions.includes(storage)) storedVersions.push(storage);
  return { ...status, acceptedNames: decision.acceptedNames, conditions, storedVersions };
}
