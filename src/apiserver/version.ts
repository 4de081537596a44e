// /version. kubectl's dispatcher on these machines picks its binary by the server's minor version, so
// kites reports the Kubernetes release whose API it serves.
export const KUBERNETES_MAJOR = '1';
export const KUBERNETES_MINOR = '32';
export const KITES_VERSION = '0.1.0';

export function versionInfo() {
  return {
    major: KUBERNETES_MAJOR,
    minor: KUBERNETES_MINOR,
    gitVersion: `v${KUBERNETES_MAJOR}.${KUBERNETES_MINOR}.0+kites.${KITES_VERSION}`,
    gitCommit: 'kites',
    gitTreeState: 'clean',
    buildDate: '2026-11-25T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
