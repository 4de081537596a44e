// The namespace controller: every namespace with a deletionTimestamp is emptied and finalized by the
// deleter; while content remains it looks again after half the estimated wait (upstream:
// pkg/controller/namespace/namespace_controller.go).
import type { Namespace } from 'kubernetes-types/core/v1.d.ts';
import { ControllerRunner, type Controller } from '../../client/index.ts';
import type { ControllerContext } from '../types.ts';
import { liveNamespaceApi } from './api.ts';
import { NamespaceDeleter } from './deleter.ts';

/** Upstream's --concurrent-namespace-syncs default. */
const WORKERS = 10;

export function newNamespaceController(ctx: ControllerContext): Controller {
  const namespaces = ctx.informers.informerForKind<Namespace>('', 'v1', 'Namespace');
  const logger = ctx.logger.with({ controller: 'namespace' });
  const deleter = new NamespaceDeleter({ api: liveNamespaceApi(ctx.client), clock: ctx.clock, logger });
  const runner = new ControllerRunner({
    name: 'namespace',
    workers: WORKERS,
    waitFor: [namespaces],
    clock: ctx.clock,
    logger: ctx.logger,
    async reconcile(name) {
      const estimate = await deleter.sync(name);
      return estimate === undefined ? undefined : { requeueAfter: (Math.floor(estimate / 2) + 1) * 1000 };
    },
  });
  const enqueueTerminating = (ns: Namespace) => {
    if (ns.metadata?.deletionTimestamp) runner.enqueue(ns);
  };
  namespaces.addEventHandler({ onAdd: enqueueTerminating, onUpdate: (_old, ns) => enqueueTerminating(ns) });
  return runner;
}
