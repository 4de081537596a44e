// A control-plane component in a worker thread of its own (see component-thread.ts). It reaches the
// API server over HTTPS like any client; the main thread tells it when to stop.
import { setMaxListeners } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { ApiClient } from '../client/index.ts';
import { runControllerManager } from '../controllers/manager.ts';
import { createLogger } from '../log/logger.ts';
import { runScheduler } from '../scheduler/run.ts';
import type { ComponentSpec } from './component-thread.ts';

// A controller manager hangs one abort listener per informer and controller on its signals.
setMaxListeners(0);

const spec = workerData as ComponentSpec;
const stop = new AbortController();
parentPort!.on('message', (message) => {
  if (message === 'stop') stop.abort();
});
const logger = createLogger();
const client = await ApiClient.fromKubeconfig(spec.kubeconfigPath, { userAgent: `kites-${spec.role}` });
try {
  if (spec.role === 'scheduler') await runScheduler({ client, logger, config: spec.schedulerConfig }, stop.signal);
  else await runControllerManager({ client, logger, controllers: spec.controllers, options: spec.controllerOptions }, stop.signal);
} finally {
  client.close();
  parentPort!.close();
}
