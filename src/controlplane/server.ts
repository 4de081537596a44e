// `kites server`: storage, then the API server with its TLS identity, then the files clients need
// (kubeconfig, node token). Components that need the API start after /readyz would answer.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { builtinRegistry } from '../api/schema/registry.ts';
import { Authenticator } from '../apiserver/authn/authenticator.ts';
import { nodeTokenAuthenticator } from '../apiserver/authn/node-token.ts';
import { ensureKubernetesService, ensureSystemNamespaces, ensureSystemPriorityClasses } from '../apiserver/bootstrap.ts';
import { loadOrCreateNodeToken } from '../apiserver/pki/node-token.ts';
import { writeAdminKubeconfig } from '../apiserver/pki/kubeconfig.ts';
import { loadOrCreatePki } from '../apiserver/pki/store.ts';
import { loadOrCreateServiceAccountKey } from '../apiserver/pki/service-account-key.ts';
import { serviceAccountTokenAuthenticator } from '../apiserver/serviceaccount/tokens.ts';
import { ApiServer } from '../apiserver/server.ts';
import type { Logger } from '../log/logger.ts';
import { openDatastore } from './datastore.ts';
import { runClusterDns, type ClusterDnsOptions } from '../dns/run.ts';
import { runEmbeddedAgent } from './embedded-agent.ts';
import { runInThread } from './component-thread.ts';
import { ApiClient } from '../client/index.ts';
import type { ControllerOptions } from '../controllers/types.ts';
import type { AdmissionSettings } from '../apiserver/admission.ts';
import type { SchedulerConfiguration } from '../scheduler/framework/config.ts';

export interface ServerOptions {
  dataDir: string;
  httpsPort: number;
  datastoreEndpoint?: string;
  logger: Logger;
  /** Controllers to run (default: all); an empty list runs none. */
  controllers?: string[];
  controllerOptions?: Partial<ControllerOptions>;
  /** Mutating admission settings (default tolerations for not-ready/unreachable nodes). */
  admission?: Partial<AdmissionSettings>;
  /** Run a node agent for this machine in the server process (default true), as k3s does. */
  agent?: boolean;
  /** The embedded agent lets pods reach addresses outside the cluster's ranges. */
  allowEgress?: boolean;
  /** Run the scheduler (default true). */
  scheduler?: boolean;
  /** KubeSchedulerConfiguration; default: one profile "default-scheduler". */
  schedulerConfig?: SchedulerConfiguration;
  /** Cluster DNS (address, port, domain, forwarding); false: none. */
  clusterDns?: Omit<ClusterDnsOptions, 'client' | 'logger'> | false;
}

export interface RunningServer {
  port: number;
  kubeconfigPath: string;
  api: ApiServer;
  stop(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { dataDir, logger } = options;
  const started = performance.now();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const [{ backend, description }, pki, nodeToken, serviceAccountKey] = await Promise.all([
    openDatastore(dataDir, options.datastoreEndpoint),
    loadOrCreatePki(dataDir),
    loadOrCreateNodeToken(dataDir),
    loadOrCreateServiceAccountKey(dataDir),
  ]);
  logger.info('datastore open', { datastore: description });
  const registry = builtinRegistry();
  const authenticator = new Authenticator();
  authenticator.tokens.register(nodeTokenAuthenticator(nodeToken));
  const api = new ApiServer({ backend, registry, tls: pki, kubeletClient: pki.kubeletClient, authenticator, serviceAccountKey, admission: options.admission, logger: logger.with({ component: 'apiserver' }) });
  const serviceAccounts = registry.resource('', 'v1', 'serviceaccounts')!;
  authenticator.tokens.register(
    serviceAccountTokenAuthenticator(serviceAccountKey, async (namespace, name) => (await api.store.tryGet(serviceAccounts, namespace, name))?.metadata.uid),
  );
  let port: number;
  try {
    port = await api.listen(options.httpsPort);
    await ensureSystemNamespaces(api.store, registry, new Date());
    await ensureKubernetesService(api.store, registry, api.services, port, new Date());
    await ensureSystemPriorityClasses(api.store, registry, new Date());
  } catch (err) {
    await api.close().catch(() => undefined);
    await backend.close();
    throw err;
  }
  const kubeconfigPath = join(dataDir, 'kubeconfig.yaml');
  await writeAdminKubeconfig(kubeconfigPath, { server: `https://127.0.0.1:${port}`, ca: pki.ca.cert, cert: pki.admin.cert, key: pki.admin.key });
  api.markReady();
  // Components reach the API server only through its HTTPS door, even inside this process.
  const stopping = new AbortController();
  const components: Promise<void>[] = [];
  if (options.controllers === undefined || options.controllers.length > 0) {
    const spec = { role: 'controller-manager' as const, kubeconfigPath, controllers: options.controllers, controllerOptions: options.controllerOptions };
    components.push(runInThread(spec, logger, stopping.signal));
  }
  if (options.scheduler !== false) {
    components.push(runInThread({ role: 'scheduler', kubeconfigPath, schedulerConfig: options.schedulerConfig }, logger, stopping.signal));
  }
  if (options.clusterDns !== false) {
    const client = await ApiClient.fromKubeconfig(kubeconfigPath, { userAgent: 'kites-cluster-dns' });
    const dns = runClusterDns({ ...options.clusterDns, client, logger }, stopping.signal);
    components.push(dns.catch((err: unknown) => logger.error('cluster DNS stopped', { err: String(err) })).finally(() => client.close()));
  }
  if (options.agent !== false) {
    const client = ApiClient.fromConfig({ server: `https://127.0.0.1:${port}`, ca: pki.ca.cert, token: nodeToken }, { userAgent: 'kites-agent' });
    components.push(runEmbeddedAgent({ client, dataDir, logger, allowEgress: options.allowEgress, clientCa: pki.ca.cert }, stopping.signal).finally(() => client.close()));
  }
  logger.info('kites server ready', { url: `https://127.0.0.1:${port}`, kubeconfig: kubeconfigPath, ms: Math.round(performance.now() - started) });
  return {
    port,
    kubeconfigPath,
    api,
    async stop() {
      stopping.abort();
      await Promise.all(components);
      await api.close();
      await backend.close();
    },
  };
}
