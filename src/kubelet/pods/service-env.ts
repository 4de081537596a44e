// The service environment variables a container gets (pkg/kubelet/envvars): for every Service with a
// cluster IP in the pod's namespace (when spec.enableServiceLinks, the default) and always for
// default/kubernetes — NAME_SERVICE_HOST, NAME_SERVICE_PORT, NAME_SERVICE_PORT_<PORTNAME>, and
// Docker-link style NAME_PORT, NAME_PORT_<port>_<PROTO>{,_PROTO,_PORT,_ADDR}.
import type { Service } from 'kubernetes-types/core/v1.d.ts';

const MASTER_SERVICES = new Set(['kubernetes']);

/** The services whose variables a pod in `namespace` sees, by name (a same-named service in the namespace wins). */
export function serviceLinkServices(all: Service[], namespace: string, enableServiceLinks: boolean): Service[] {
  const byName = new Map<string, Service>();
  for (const s of all) {
    if (!hasClusterIP(s)) continue;
    const name = s.metadata?.name ?? '';
    if (s.metadata?.namespace === 'default' && MASTER_SERVICES.has(name)) {
      if (!byName.has(name)) byName.set(name, s);
    } else if (s.metadata?.namespace === namespace && enableServiceLinks) byName.set(name, s);
  }
  return [...byName.values()];
}

export function serviceEnv(services: Service[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const s of services) {
    const ip = s.spec!.clusterIP!;
    const prefix = envName(s.metadata?.name ?? '');
    const ports = s.spec?.ports ?? [];
    env.set(`${prefix}_SERVICE_HOST`, ip);
    if (ports[0]) env.set(`${prefix}_SERVICE_PORT`, String(ports[0].port));
    for (const p of ports) if (p.name) env.set(`${prefix}_SERVICE_PORT_${envName(p.name)}`, String(p.port));
    const hostPort = (port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
    ports.forEach((p, i) => {
      const proto = (p.protocol ?? 'TCP').toLowerCase();
      if (i === 0) env.set(`${prefix}_PORT`, `${proto}://${hostPort(p.port)}`);
      const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
      env.set(pp, `${proto}://${hostPort(p.port)}`);
      env.set(`${pp}_PROTO`, proto);
      env.set(`${pp}_PORT`, String(p.port));
      env.set(`${pp}_ADDR`, ip);
    });
  }
  return env;
}

function hasClusterIP(s: Service): boolean {
  const ip = s.spec?.clusterIP;
  return Boolean(ip) && ip !== 'None';
}

function envName(name: string): string {
  return name.toUpperCase().replaceAll('-', '_');
}
