// `kites agent`: a node (the kubelet with a container runtime) joining a cluster with the node token.
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiClient, type ClientConfig } from '../client/index.ts';
import { DEFAULT_CAPACITY, runAgent } from '../kubelet/agent.ts';
import { KUBELET_PORT } from '../kubelet/node/status.ts';
import { runtimeFactory } from '../kubelet/runtime/registry.ts';
import { createLogger } from '../log/logger.ts';
import { parsePort } from './server.ts';

/** "k=v,k2=v2" → { k: 'v', k2: 'v2' } */
export function parseKeyValues(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`"${part}" is not key=value`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('must be a whole number from 1 to 10000');
  return n;
}

const TLS_TRUST_ERRORS = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_SIGNATURE_FAILURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

interface AgentFlags {
  server: string;
  token?: string;
  tokenFile?: string;
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
  nodeName: string;
  dataDir: string;
  runtime: string;
  hollowNodes?: number;
  nodeLabels?: Record<string, string>;
  capacity?: Record<string, string>;
  nodeIp?: string;
  kubeletPort?: number;
  kubeletAddress: string;
  nodeNetns?: string;
  allowEgress?: boolean;
}

export function agentCommand(): Command {
  return new Command('agent')
    .description('Run a node: register it, keep its status and lease fresh, and run the pods bound to it.')
    .requiredOption('--server <url>', 'the API server, e.g. https://10.41.0.1:6443')
    .addOption(new Option('--token <token>', 'the node token (the server\'s DATA_DIR/node-token)').conflicts('tokenFile'))
    .option('--token-file <file>', 'a file holding the node token')
    .option('--ca-file <file>', 'PEM CA that signed the server\'s certificate (the server\'s DATA_DIR/tls/ca.crt); the system roots when absent')
    .option('--insecure-skip-tls-verify', 'do not verify the server\'s certificate (tests only)')
    .requiredOption('--node-name <name>', 'the Node\'s name (with --hollow-nodes, the prefix of NAME-0…NAME-(N-1))')
    .option('--data-dir <dir>', 'where the agent keeps its state', '/var/lib/kites/agent')
    .option('--runtime <name>', 'container runtime: runc (OCI containers, needs root) or fake (hollow nodes)', 'runc')
    .option('--hollow-nodes <n>', 'run N hollow nodes NAME-0…NAME-(N-1) in this process (needs --runtime fake)', parseCount)
    .option('--node-labels <k=v,…>', 'labels to add to the Node(s)', parseKeyValues)
    .option('--capacity <k=v,…>', `resources each node reports (default ${Object.entries(DEFAULT_CAPACITY).map(([k, v]) => `${k}=${v}`).join(',')})`, parseKeyValues)
    .option('--node-ip <ip>', 'InternalIP of the node (default: this host\'s first IPv4); hollow nodes get 10.41.1.1 onward unless it is given, when they all share it')
    .option('--kubelet-port <port>', 'HTTPS port for the API server\'s logs and exec requests (default 10250; with --hollow-nodes a free one); 0 picks a free one', parsePort)
    .option('--kubelet-address <ip>', 'address the kubelet port listens on', '0.0.0.0')
    .option('--node-netns <name>', 'runc: set up the node\'s pod networking (bridge, nftables, routes) in this network namespace (`ip netns add NAME`) instead of the agent\'s own')
    .option('--allow-egress', 'runc: let pods reach addresses outside the cluster ranges (10.40.0.0/14); dropped by default')
    .addHelpText(
      'after',
      `
Join a cluster with the server's node token and CA:
  kites agent --server https://127.0.0.1:6443 --token-file SERVER_DIR/node-token \\
    --ca-file SERVER_DIR/tls/ca.crt --node-name worker --data-dir /tmp/agent --runtime fake --hollow-nodes 10`,
    )
    .action(async (flags: AgentFlags) => {
      const logger = createLogger();
      const fail = (message: string): never => {
        process.stderr.write(`kites agent: ${message}\n`);
        process.exit(1);
      };
      try {
        runtimeFactory(flags.runtime);
      } catch (err) {
        fail((err as Error).message);
      }
      if (flags.hollowNodes !== undefined && flags.runtime !== 'fake') fail('--hollow-nodes needs --runtime fake');
      if (!flags.token && !flags.tokenFile) fail('one of --token or --token-file is required');
      const config: ClientConfig = { server: flags.server };
      if (flags.token) config.token = flags.token;
      if (flags.tokenFile) {
        config.tokenFile = resolve(flags.tokenFile);
        await readFile(config.tokenFile, 'utf8').catch((err: Error) => fail(`cannot read --token-file: ${err.message}`));
      }
      if (flags.caFile) config.ca = await readFile(flags.caFile, 'utf8').catch((err: Error) => fail(`cannot read --ca-file: ${err.message}`));
      if (flags.insecureSkipTlsVerify) config.insecureSkipTLSVerify = true;
      const client = ApiClient.fromConfig(config, { userAgent: 'kites-agent' });
      // The kubelet port lets in only the API server's client certificate, which the CA vouches for.
      const kubeletServer = config.ca ? { address: flags.kubeletAddress, port: flags.kubeletPort ?? (flags.hollowNodes ? 0 : KUBELET_PORT), clientCa: config.ca } : undefined;
      if (!kubeletServer) logger.warn('not serving the kubelet port (logs, exec): without --ca-file there is no CA to check the API server\'s client certificate against');
      await preflight(client, fail);
      const stopping = new AbortController();
      const stop = (signal: string) => {
        logger.info('stopping', { signal });
        stopping.abort();
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      const running = runAgent({
        client, nodeName: flags.nodeName, dataDir: resolve(flags.dataDir), runtime: flags.runtime, hollowNodes: flags.hollowNodes,
        labels: flags.nodeLabels, capacity: flags.capacity, nodeIP: flags.nodeIp, kubeletServer, nodeNetns: flags.nodeNetns, allowEgress: flags.allowEgress, logger,
      }, stopping.signal);
      const count = flags.hollowNodes ?? 1;
      process.stdout.write(`kites agent is running ${count} node${count === 1 ? '' : 's'} against ${flags.server}\n`);
      try {
        await running;
      } catch (err) {
        fail(err instanceof Error ? err.message : String(err));
      } finally {
        client.close();
      }
      process.exit(0);
    });
}

/** Fails fast on credentials or trust that can never work; a server that is merely down is retried later. */
async function preflight(client: ApiClient, fail: (message: string) => never): Promise<void> {
  try {
    await client.http.request('GET', '/version');
  } catch (err) {
    const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
    if (code && TLS_TRUST_ERRORS.has(code)) fail(`the server's certificate is not trusted (${code}); pass --ca-file SERVER_DATA_DIR/tls/ca.crt`);
    if ((err as { code?: unknown }).code === 401) fail('the server refused the node token (401 Unauthorized)');
  }
}
