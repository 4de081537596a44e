// The client library's public surface: import from 'src/client/index.ts'.
export { ApiClient, type ApiClientOptions } from './client.ts';
export { type ClientConfig, loadKubeconfig, parseKubeconfig, inClusterConfig, serviceAccountDir } from './config.ts';
export { HttpClient, httpsTransport, queryString, MAX_SOCKETS, type Transport, type TransportRequest, type TransportResponse, type HttpsTransport, type Query, type RequestOptions } from './http.ts';
export { ApiStatusError, isNotFound, isConflict, isAlreadyExists, isGone, isInvalid, isForbidden } from './errors.ts';
export {
  ResourceClient, refForKind, type KubeObject, type KubeList, type ResourceRef, type ListOptions, type WatchOptions, type WatchEvent,
  type DeleteOpts, type WriteOptions, type PatchType, type Scale,
} from './resource.ts';
export { Store, objectKey, splitKey, deepFreeze, type ReadonlyStore, type IndexFunc } from './cache.ts';
export { Informer, type ListWatcher, type EventHandlers, type InformerOptions } from './informer.ts';
export { SharedInformerFactory, type InformerScope, type SharedInformerFactoryOptions } from './informer-factory.ts';
export { Backoff, type BackoffOptions } from './backoff.ts';
export { type Clock, type TimerHandle, realClock, sleep, FakeClock, flush } from './clock.ts';
export { WorkQueue, type WorkQueueOptions } from './workqueue.ts';
export { type RateLimiter, ItemExponentialRateLimiter, TokenBucketRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter } from './rate-limit.ts';
export { LeaderElector, microTime, type LeaderElectionOptions } from './leader-election.ts';
export { EventRecorder, referenceTo, type EventType, type EventRecorderOptions } from './events.ts';
export { ControllerRunner, type Controller, type ControllerRunnerOptions, type ReconcileResult } from './controller.ts';
