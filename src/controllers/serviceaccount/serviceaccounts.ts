// Every active namespace has a "default" ServiceAccount, created when the namespace appears and again
// whenever it is deleted (upstream: pkg/controller/serviceaccount/serviceaccounts_controller.go).
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.d.ts';
import { ControllerRunner, isAlreadyExists, isForbidden, type Controller } from '../../client/index.ts';
import type { ControllerContext } from '../types.ts';

/** The accounts ensured in each namespace (upstream's --service-account defaults). */
export const MANAGED_SERVICE_ACCOUNTS = ['default'];

export interface ServiceAccountsSyncDeps {
  namespace(name: string): Namespace | undefined;
  serviceAccount(namespace: string, name: string): ServiceAccount | undefined;
  create(namespace: string, sa: ServiceAccount): Promise<unknown>;
}

/** One namespace: create whichever managed accounts are missing. Reads come from caches, so a create may race and find the account exists. */
export async function syncNamespace(name: string, deps: ServiceAccountsSyncDeps): Promise<void> {
  const ns = deps.namespace(name);
  if (!ns || ns.status?.phase !== 'Active') return;
  for (const account of MANAGED_SERVICE_ACCOUNTS) {
    if (deps.serviceAccount(name, account)) continue;
    try {
      await deps.create(name, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account, namespace: name } });
    } catch (err) {
      if (isAlreadyExists(err)) continue;
      // The namespace began terminating after the cache saw it: there is nothing left to provide for.
      if (isForbidden(err) && /being terminated/.test((err as Error).message)) continue;
      throw err;
    }
  }
}

export function newServiceAccountController(ctx: ControllerContext): Controller {
  const namespaces = ctx.informers.informerForKind<Namespace>('', 'v1', 'Namespace');
  const accounts = ctx.informers.informerForKind<ServiceAccount>('', 'v1', 'ServiceAccount');
  const client = ctx.client.forKind<ServiceAccount>('', 'v1', 'ServiceAccount');
  const deps: ServiceAccountsSyncDeps = {
    namespace: (name) => namespaces.store.getByName(undefined, name),
    serviceAccount: (ns, name) => accounts.store.getByName(ns, name),
    create: (ns, sa) => client.inNamespace(ns).create(sa),
  };
  const runner = new ControllerRunner({
    name: 'serviceaccount',
    workers: 1,
    waitFor: [namespaces, accounts],
    clock: ctx.clock,
    logger: ctx.logger,
    reconcile: (name) => syncNamespace(name, deps),
  });
  namespaces.addEventHandler({ onAdd: (ns) => runner.enqueue(ns), onUpdate: (_old, ns) => runner.enqueue(ns) });
  accounts.addEventHandler({
    onDelete: (sa) => {
      const ns = sa.metadata?.namespace;
      if (ns && MANAGED_SERVICE_ACCOUNTS.includes(sa.metadata?.name ?? '')) runner.queue.add(ns);
    },
  });
  return runner;
}
