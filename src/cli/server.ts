// `kites server`: the control plane.
import { Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { startServer, type ServerOptions } from '../controlplane/server.ts';
import { createLogger } from '../log/logger.ts';
import { loadConfiguration } from '../scheduler/framework/config.ts';
import { checkConfiguration } from '../scheduler/run.ts';
import { inTreeRegistry } from '../scheduler/plugins/registry.ts';
import { realClock } from '../client/index.ts';
import { addClusterDnsFlags, clusterDnsSettings, type ClusterDnsFlags } from '../dns/flags.ts';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number between 0 and 65535');
  return port;
}

export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new InvalidArgumentError('must be a number of seconds, 0 or more');
  return seconds;
}

/** Durations a cluster (or a test) may shorten. */
interface TimingFlags {
  nodeMonitorGracePeriod?: number;
  defaultNotReadyTolerationSeconds?: number;
  defaultUnreachableTolerationSeconds?: number;
}

function timingOptions(f: TimingFlags): Pick<ServerOptions, 'controllerOptions' | 'admission'> {
  const controllerOptions: NonNullable<ServerOptions['controllerOptions']> = {};
  const admission: NonNullable<ServerOptions['admission']> = {};
  if (f.nodeMonitorGracePeriod !== undefined) controllerOptions.nodeMonitorGracePeriodMs = f.nodeMonitorGracePeriod * 1000;
  if (f.defaultNotReadyTolerationSeconds !== undefined) {
    controllerOptions.defaultTolerationSeconds = f.defaultNotReadyTolerationSeconds;
    admission.defaultNotReadyTolerationSeconds = f.defaultNotReadyTolerationSeconds;
  }
  if (f.defaultUnreachableTolerationSeconds !== undefined) admission.defaultUnreachableTolerationSeconds = f.defaultUnreachableTolerationSeconds;
  return { controllerOptions, admission };
}

export function serverCommand(): Command {
  return addClusterDnsFlags(new Command('server'))
    .description('Run the control plane: storage, API server, controllers and scheduler.')
    .option('--data-dir <dir>', 'where state, certificates, kubeconfig.yaml and node-token live', '/var/lib/kites/server')
    .option('--https-port <port>', 'HTTPS port of the API server on 127.0.0.1 (0 picks a free one)', parsePort, 6443)
    .option('--datastore-endpoint <url>', 'etcd://HOST:PORT[,HOST:PORT…] to keep state in etcd instead of embedded SQLite')
    .option('--node-monitor-grace-period <seconds>', 'how long a node may stay silent (no Lease renewal, no status) before it is marked Unknown (default 40)', parseSeconds)
    .option('--default-not-ready-toleration-seconds <seconds>', 'tolerationSeconds of the not-ready:NoExecute toleration added to every pod (default 300)', parseSeconds)
    .option('--default-unreachable-toleration-seconds <seconds>', 'tolerationSeconds of the unreachable:NoExecute toleration added to every pod (default 300)', parseSeconds)
    .option('--scheduler-config <file>', 'KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) YAML: profiles, plugins, weights')
    .option('--disable-scheduler', 'do not run the scheduler')
    .option('--disable-controller-manager', 'do not run the controllers (deployments, jobs, garbage collection, …)')
    .option('--disable-agent', 'do not run a node agent (real containers with runc) inside the server process')
    .option('--allow-egress', 'let pods of the embedded agent reach addresses outside the cluster ranges (dropped by default)')
    .addHelpText(
      'after',
      `
When ready, the server answers https://127.0.0.1:PORT/readyz and has written:
  DATA_DIR/kubeconfig.yaml   admin credentials:  export KUBECONFIG=DATA_DIR/kubeconfig.yaml
  DATA_DIR/node-token        the bearer token node agents join with`,
    )
    .action(async (opts: TimingFlags & ClusterDnsFlags & { dataDir: string; httpsPort: number; datastoreEndpoint?: string; schedulerConfig?: string; disableScheduler?: boolean; disableControllerManager?: boolean; disableAgent?: boolean; allowEgress?: boolean }) => {
      const logger = createLogger();
      const schedulerConfig = opts.schedulerConfig ? await loadConfiguration(resolve(opts.schedulerConfig)) : undefined;
      if (schedulerConfig) checkConfiguration(schedulerConfig, inTreeRegistry, realClock, logger);
      const running = await startServer({
        dataDir: resolve(opts.dataDir), httpsPort: opts.httpsPort, datastoreEndpoint: opts.datastoreEndpoint, logger, ...timingOptions(opts),
        scheduler: !opts.disableScheduler, schedulerConfig,
        ...(opts.disableControllerManager ? { controllers: [] } : {}),
        agent: !opts.disableAgent, allowEgress: opts.allowEgress, clusterDns: clusterDnsSettings(opts),
      });
      process.stdout.write(`kites server is ready on https://127.0.0.1:${running.port}\n  export KUBECONFIG=${running.kubeconfigPath}\n  kubectl get namespaces\n`);
      const shutdown = (signal: string) => {
        logger.info('stopping', { signal });
        running.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error('stop failed', { err: String(err) });
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}
