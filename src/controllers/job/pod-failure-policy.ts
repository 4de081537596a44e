// spec.podFailurePolicy: the first rule (in order) that a failed pod matches decides whether the
// failure fails the whole Job, is ignored, or counts toward backoffLimit (upstream
// pkg/controller/job/pod_failure_policy.go). A pod no rule matches counts.
import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement, PodFailurePolicyOnPodConditionsPattern } from 'kubernetes-types/batch/v1.d.ts';
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.d.ts';

export type FailurePolicyVerdict =
  | { action: 'FailJob'; message: string }
  | { action: 'Ignore' }
  | { action: 'Count'; ruleIndex?: number };

export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): FailurePolicyVerdict {
  const rules = policy?.rules ?? [];
  for (const [index, rule] of rules.entries()) {
    if (rule.onExitCodes) {
      const container = matchOnExitCodes(pod, rule.onExitCodes);
      if (!container) continue;
      if (rule.action === 'FailJob') {
        const code = container.state?.terminated?.exitCode;
        return { action: 'FailJob', message: `Container ${container.name} for pod ${podName(pod)} failed with exit code ${code} matching FailJob rule at index ${index}` };
      }
      if (rule.action === 'Ignore') return { action: 'Ignore' };
      if (rule.action === 'Count') return { action: 'Count', ruleIndex: index };
    } else if (rule.onPodConditions) {
      const condition = matchOnPodConditions(pod, rule.onPodConditions);
      if (!condition) continue;
      if (rule.action === 'FailJob') {
        return { action: 'FailJob', message: `Pod ${podName(pod)} has condition ${condition.type} matching FailJob rule at index ${index}` };
      }
      if (rule.action === 'Ignore') return { action: 'Ignore' };
      if (rule.action === 'Count') return { action: 'Count', ruleIndex: index };
    }
  }
  return { action: 'Count' };
}

/** The first container (app containers, then init containers) terminated with a non-zero code the requirement matches. */
function matchOnExitCodes(pod: Pod, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  const candidates = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  return candidates.find((cs) => {
    const code = cs.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (req.containerName && req.containerName !== cs.name) return false;
    const listed = req.values.includes(code);
    return req.operator === 'In' ? listed : req.operator === 'NotIn' ? !listed : false;
  });
}

function matchOnPodConditions(pod: Pod, patterns: PodFailurePolicyOnPodConditionsPattern[]): PodCondition | undefined {
  for (const condition of pod.status?.conditions ?? []) {
    if (patterns.some((p) => p.type === condition.type && (p.status ?? 'True') === condition.status)) return condition;
  }
  return undefined;
}

function podName(pod: Pod): string {
  return `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}
