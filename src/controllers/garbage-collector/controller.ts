// The garbage-collector controller: an informer on every resource that can be owned feeds the
// ownership graph; two worker pools drain attemptToDelete and attemptToOrphan (keys are uids).
import { builtinRegistry } from '../../api/schema/registry.ts';
import { ControllerRunner, type Controller, type KubeObject } from '../../client/index.ts';
import type { ControllerContext } from '../types.ts';
import { liveGcApi } from './api.ts';
import { GarbageCollector } from './garbage-collector.ts';
import { monitoredResources } from './resources.ts';

/** Upstream's --concurrent-gc-syncs default. */
const DELETE_WORKERS = 20;
const ORPHAN_WORKERS = 5;

export function newGarbageCollectorController(ctx: ControllerContext): Controller {
  const registry = builtinRegistry();
  const resources = monitoredResources(registry);
  const informers = resources.map((r) => ctx.informers.informer<KubeObject>(r));
  const logger = ctx.logger.with({ controller: 'garbage-collector' });
  const common = { waitFor: informers, clock: ctx.clock, logger: ctx.logger };
  const deleter: ControllerRunner = new ControllerRunner({ ...common, name: 'garbage-collector', workers: DELETE_WORKERS, reconcile: (uid) => gc.attemptToDelete(uid) });
  const orphaner: ControllerRunner = new ControllerRunner({ ...common, name: 'garbage-collector-orphan', workers: ORPHAN_WORKERS, reconcile: (uid) => gc.attemptToOrphan(uid) });
  const gc = new GarbageCollector({
    api: liveGcApi(ctx.client),
    registry,
    logger,
    queues: { attemptToDelete: (uid) => deleter.queue.add(uid), attemptToOrphan: (uid) => orphaner.queue.add(uid) },
    warn: (obj, reason, message) => void ctx.recorder.event(obj, 'Warning', reason, message),
  });
  resources.forEach((resource, i) => {
    informers[i]!.addEventHandler({
      onAdd: (obj) => gc.observe(resource, obj),
      onUpdate: (_old, obj) => gc.observe(resource, obj),
      onDelete: (obj) => gc.observeDelete(obj),
    });
  });
  return {
    name: 'garbage-collector',
    async run(signal) {
      await Promise.all([deleter.run(signal), orphaner.run(signal)]);
    },
  };
}
