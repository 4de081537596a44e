// The pod the Job controller creates: the template's labels, annotations and spec, named
// `<job>-` (Indexed: `<job>-<index>-`) by generateName, owned by the Job, holding the tracking
// finalizer; Indexed pods also carry their index and a hostname `<job>-<index>` (upstream
// pkg/controller/job/indexed_job_utils.go addCompletionIndex…).
import type { Job } from 'kubernetes-types/batch/v1.d.ts';
import type { Container, Pod } from 'kubernetes-types/core/v1.d.ts';
import { COMPLETION_INDEX, COMPLETION_INDEX_ENV, JOB_TRACKING_FINALIZER } from './labels.ts';

export function podForJob(job: Job, index?: number): Pod {
  const template = structuredClone(job.spec?.template ?? {});
  const name = job.metadata?.name ?? '';
  const labels = { ...(template.metadata?.labels ?? {}) };
  const annotations = { ...(template.metadata?.annotations ?? {}) };
  const spec = template.spec ?? { containers: [] };
  if (index !== undefined) {
    annotations[COMPLETION_INDEX] = String(index);
    labels[COMPLETION_INDEX] = String(index);
    if (!spec.hostname) spec.hostname = `${name}-${index}`;
    spec.containers = spec.containers.map(withIndexEnv);
    if (spec.initContainers) spec.initContainers = spec.initContainers.map(withIndexEnv);
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: index === undefined ? `${name}-` : `${name}-${index}-`,
      namespace: job.metadata?.namespace,
      labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
      finalizers: [...(template.metadata?.finalizers ?? []), JOB_TRACKING_FINALIZER],
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}

/** The index reaches containers through the downward API, as upstream wires it. */
function withIndexEnv(c: Container): Container {
  if (c.env?.some((e) => e.name === COMPLETION_INDEX_ENV)) return c;
  const env = { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } };
  return { ...c, env: [...(c.env ?? []), env] };
}
