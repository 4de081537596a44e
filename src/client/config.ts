// Where the client's credentials come from: a kubeconfig file (as kubectl reads it), explicit values,
// or the in-cluster service account (what upstream's rest.InClusterConfig reads).
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import yaml from 'js-yaml';

export interface ClientConfig {
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  /** PEM of the CA that signed the server's certificate; the system roots when absent. */
  ca?: string;
  /** PEM client certificate and key (x509 authentication). */
  cert?: string;
  key?: string;
  /** Bearer token. */
  token?: string;
  /** A file holding the bearer token, re-read as it rotates (service account tokens do). */
  tokenFile?: string;
  insecureSkipTLSVerify?: boolean;
  /** Namespace the kubeconfig context or service account names; callers may ignore it. */
  namespace?: string;
}

interface KubeconfigFile {
  clusters?: { name: string; cluster: Record<string, unknown> }[];
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  'current-context'?: string;
}

/** Reads a kubeconfig file; relative file references resolve against the file's folder, as kubectl does. */
export async function loadKubeconfig(path: string, options: { context?: string } = {}): Promise<ClientConfig> {
  return parseKubeconfig(await readFile(path, 'utf8'), { ...options, baseDir: dirname(path) });
}

export async function parseKubeconfig(text: string, options: { context?: string; baseDir?: string } = {}): Promise<ClientConfig> {
  const doc = (yaml.load(text) ?? {}) as KubeconfigFile;
  const contextName = options.context ?? doc['current-context'];
  const context = doc.contexts?.find((c) => c.name === contextName)?.context;
  if (!context) throw new Error(`kubeconfig: context "${contextName ?? ''}" not found`);
  const cluster = doc.clusters?.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster) throw new Error(`kubeconfig: cluster "${context.cluster}" not found`);
  const user = doc.users?.find((u) => u.name === context.user)?.user ?? {};
  const baseDir = options.baseDir ?? process.cwd();
  const material = async (dataKey: string, fileKey: string, from: Record<string, unknown>) => {
    const data = from[dataKey];
    if (typeof data === 'string') return Buffer.from(data, 'base64').toString('utf8');
    const file = from[fileKey];
    if (typeof file === 'string') return readFile(isAbsolute(file) ? file : join(baseDir, file), 'utf8');
    return undefined;
  };
  if (typeof cluster.server !== 'string') throw new Error(`kubeconfig: cluster "${context.cluster}" has no server`);
  const config: ClientConfig = { server: cluster.server };
  const set = <K extends keyof ClientConfig>(key: K, value: ClientConfig[K] | undefined) => {
    if (value !== undefined) config[key] = value;
  };
  set('ca', await material('certificate-authority-data', 'certificate-authority', cluster));
  set('insecureSkipTLSVerify', cluster['insecure-skip-tls-verify'] === true ? true : undefined);
  set('cert', await material('client-certificate-data', 'client-certificate', user));
  set('key', await material('client-key-data', 'client-key', user));
  set('token', typeof user.token === 'string' ? user.token : undefined);
  const tokenFile = user.tokenFile;
  set('tokenFile', typeof tokenFile === 'string' ? (isAbsolute(tokenFile) ? tokenFile : join(baseDir, tokenFile)) : undefined);
  set('namespace', context.namespace);
  return config;
}

export const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A pod's own credentials: its service account token and the cluster CA, and the API server's address from the environment. */
export async function inClusterConfig(options: { env?: NodeJS.ProcessEnv; dir?: string } = {}): Promise<ClientConfig> {
  const env = options.env ?? process.env;
  const dir = options.dir ?? serviceAccountDir;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new Error('not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set');
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const config: ClientConfig = { server: `https://${hostPart}:${port}`, tokenFile: join(dir, 'token'), ca: await readFile(join(dir, 'ca.crt'), 'utf8') };
  const namespace = await readFile(join(dir, 'namespace'), 'utf8').catch(() => undefined);
  if (namespace) config.namespace = namespace.trim();
  return config;
}
