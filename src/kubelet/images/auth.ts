// Registry credentials: from imagePullSecrets (`kubernetes.io/dockerconfigjson` `.dockerconfigjson`
// and the legacy `.dockercfg`), matched to a registry host as the kubelet's credential keyring does,
// and the parts of the distribution token flow (https://distribution.github.io/distribution/spec/auth/token/).

export interface Credentials {
  username: string;
  password: string;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="https://auth",service="registry",scope="repository:x:pull"` → scheme and params. */
export function parseChallenge(header: string): Challenge | undefined {
  const match = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const m of match[2]!.matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  return { scheme: match[1]!.toLowerCase(), params };
}

/** `https://index.docker.io/v1/` → `docker.io`; `http://127.0.0.1:5000/x` → `127.0.0.1:5000`. */
export function registryKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').split('/')[0]!.toLowerCase();
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
}

/**
 * Credentials for `domain` from decoded `.dockerconfigjson` (or `.dockercfg`) documents, the first
 * secret that names the registry winning (the kubelet tries pull secrets in order).
 */
export function credentialsFor(dockerConfigs: string[], domain: string): Credentials | undefined {
  for (const text of dockerConfigs) {
    let parsed: { auths?: Record<string, AuthEntry> } & Record<string, AuthEntry>;
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      continue;
    }
    const auths: Record<string, AuthEntry> = parsed.auths ?? parsed;
    for (const [key, entry] of Object.entries(auths)) {
      if (registryKey(key) !== domain) continue;
      const credentials = decodeEntry(entry);
      if (credentials) return credentials;
    }
  }
  return undefined;
}

function decodeEntry(entry: AuthEntry): Credentials | undefined {
  if (entry.username !== undefined && entry.password !== undefined) return { username: entry.username, password: entry.password };
  if (!entry.auth) return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
