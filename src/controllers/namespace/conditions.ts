// The status conditions a terminating namespace carries, as upstream's namespace deleter reports
// them (pkg/controller/namespace/deletion/status_condition_utils.go): every type is always present,
// False with an "ok" reason unless this pass found a problem of that type.
import type { NamespaceCondition } from 'kubernetes-types/core/v1.d.ts';

/** What one deletion pass learned. Resource names are "plural.group" ("pods." for the core group, as upstream prints). */
export interface PassOutcome {
  /** Group-versions discovery could not read, as "group/version: error". */
  discoveryFailures: string[];
  /** One message per resource whose content could not be deleted. */
  contentErrors: string[];
  remainingByResource: Map<string, number>;
  remainingByFinalizer: Map<string, number>;
}

const conditionTypes = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;
type ConditionType = (typeof conditionTypes)[number];

const ok: Record<ConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

type Problem = { reason: string; message: string };

/** The failing conditions of one pass, by type. */
export function problems(outcome: PassOutcome): Partial<Record<ConditionType, Problem>> {
  const found: Partial<Record<ConditionType, Problem>> = {};
  const { discoveryFailures, contentErrors } = outcome;
  if (discoveryFailures.length > 0) {
    found.NamespaceDeletionDiscoveryFailure = {
      reason: 'DiscoveryFailed',
      message: `Discovery failed for some groups, ${discoveryFailures.length} failing: unable to retrieve the complete list of server APIs: ${discoveryFailures.join(', ')}`,
    };
  }
  if (contentErrors.length > 0) {
    found.NamespaceDeletionContentFailure = { reason: 'ContentDeletionFailed', message: `Failed to delete all resource types, ${contentErrors.length} remaining: ${[...contentErrors].sort().join(', ')}` };
  }
  const resources = counted(outcome.remainingByResource, (r, n) => `${r} has ${n} resource instances`);
  if (resources.length > 0) found.NamespaceContentRemaining = { reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${resources.join(', ')}` };
  const finalizers = counted(outcome.remainingByFinalizer, (f, n) => `${f} in ${n} resource instances`);
  if (finalizers.length > 0) found.NamespaceFinalizersRemaining = { reason: 'SomeFinalizerRemain', message: `Some finalizers are remaining: ${finalizers.join(', ')}` };
  return found;
}

function counted(counts: Map<string, number>, line: (key: string, n: number) => string): string[] {
  return [...counts].filter(([, n]) => n > 0).map(([k, n]) => line(k, n)).sort();
}

/**
 * The namespace's conditions after a pass: each managed type set to its problem or its ok variant;
 * lastTransitionTime moves only when the status flips. Other condition types are kept.
 */
export function updateConditions(current: readonly NamespaceCondition[] | undefined, outcome: PassOutcome, now: string): { conditions: NamespaceCondition[]; changed: boolean } {
  const found = problems(outcome);
  const conditions = (current ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of conditionTypes) {
    const problem = found[type];
    const want = { type, status: problem ? 'True' : 'False', ...(problem ?? ok[type]) };
    const existing = conditions.find((c) => c.type === type);
    if (!existing) {
      conditions.push({ ...want, lastTransitionTime: now });
      changed = true;
    } else if (existing.status !== want.status || existing.reason !== want.reason || existing.message !== want.message) {
      if (existing.status !== want.status) existing.lastTransitionTime = now;
      Object.assign(existing, want);
      changed = true;
    }
  }
  return { conditions, changed };
}
