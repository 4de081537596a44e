// Names the Job controller shares with the API server, the kubelet and users (upstream batch/v1
// well-known labels, annotations and the pod-tracking finalizer).

/** Held by every pod the controller creates until the controller has counted it (KEP-2307). */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** Indexed Jobs: the pod's completion index, as an annotation and (since 1.28) a label. */
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
/** The env var an Indexed Job's containers read their index from (via the downward API). */
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
