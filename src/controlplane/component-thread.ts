// Runs the scheduler or the controller manager on a worker thread, so that on a machine with more
// than one core they do not take turns with the API server's request handling. They talk to the API
// server over HTTPS exactly as they would from another machine.
import { Worker } from 'node:worker_threads';
import type { ControllerOptions } from '../controllers/types.ts';
import type { SchedulerConfiguration } from '../scheduler/framework/config.ts';
import type { Logger } from '../log/logger.ts';

export type ComponentSpec =
  | { role: 'scheduler'; kubeconfigPath: string; schedulerConfig?: SchedulerConfiguration }
  | { role: 'controller-manager'; kubeconfigPath: string; controllers?: string[]; controllerOptions?: Partial<ControllerOptions> };

/** Resolves when the component has stopped (after `signal` aborts, or if it fails). */
export function runInThread(spec: ComponentSpec, logger: Logger, signal: AbortSignal): Promise<void> {
  const worker = startWorker(spec);
  const stop = () => worker.postMessage('stop');
  signal.addEventListener('abort', stop, { once: true });
  return new Promise<void>((resolve) => {
    worker.once('error', (err) => logger.error(`${spec.role} failed`, { err: String(err?.stack ?? err) }));
    worker.once('exit', (code) => {
      signal.removeEventListener('abort', stop);
      if (code !== 0 && !signal.aborted) logger.error(`${spec.role} stopped`, { exitCode: code });
      resolve();
    });
  });
}

/**
 * The worker module sits beside this one: .js when compiled; .ts when run through tsx, whose loader
 * hooks do not reach worker threads by themselves, so the worker registers them before importing.
 */
function startWorker(spec: ComponentSpec): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./component-worker.js', import.meta.url), { workerData: spec });
  const entry = new URL('./component-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData: spec });
}
