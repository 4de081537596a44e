// A kubeconfig with everything embedded (base64 *-data fields), so it works when copied elsewhere.
// Field names as in client-go's clientcmd v1 Config.
import yaml from 'js-yaml';
import { secretMode, writeFileAtomic } from './files.ts';

export interface KubeconfigOptions {
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  /** PEM of the CA that signed the serving certificate. */
  ca: string;
  /** PEM client certificate and its key. */
  cert: string;
  key: string;
  clusterName?: string;
  contextName?: string;
  user?: string;
}

export function renderKubeconfig(options: KubeconfigOptions): string {
  const cluster = options.clusterName ?? 'kites';
  const context = options.contextName ?? 'kites';
  const user = options.user ?? 'admin';
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: options.server, 'certificate-authority-data': base64(options.ca) } }],
    contexts: [{ name: context, context: { cluster, user } }],
    'current-context': context,
    users: [{ name: user, user: { 'client-certificate-data': base64(options.cert), 'client-key-data': base64(options.key) } }],
    preferences: {},
  };
  return yaml.dump(config, { lineWidth: -1, noRefs: true });
}

/** Writes the kubeconfig with mode 0600: it holds the administrator's private key. */
export async function writeAdminKubeconfig(path: string, options: KubeconfigOptions): Promise<void> {
  await writeFileAtomic(path, renderKubeconfig(options), secretMode);
}

function base64(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}
