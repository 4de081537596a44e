// A throwaway network for root tests of the proxy, made only of network namespaces: a "node"
// namespace with a bridge (10.42.99.1/24, and the node address 10.41.0.2) and the service CIDR routed
// to a link that goes nowhere, and "pod" namespaces joined to the bridge by veths, each able to run
// `busybox httpd` serving a page that names it. `destroy` removes all of it, whatever state it is in.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
export const NODE_IP = '10.41.0.2';
export const BRIDGE_IP = '10.42.99.1';
const BUSYBOX = '/bin/busybox';
// Node's http as the client (busybox-static's wget crashes on some hosts): no keep-alive, so every
// request is a new connection and meets the balancing rules afresh.
const CLIENT = `
const http = require('node:http');
const [url, count] = process.argv.slice(1);
const once = () => new Promise((resolve) => {
  const req = http.get(url, { agent: false, timeout: 2000 }, (res) => {
    let body = '';
    res.on('data', (d) => (body += d));
    res.on('end', () => resolve({ body }));
  });
  req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
  req.on('error', (e) => resolve({ error: e.code || e.message }));
});
(async () => {
  const out = [];
  for (let i = 0; i < Number(count); i++) out.push(await once());
  process.stdout.write(JSON.stringify(out));
})();
`;

export interface Pod {
  name: string;
  netns: string;
  ip: string;
}

async function ip(...args: string[]): Promise<void> {
  await exec('ip', args);
}

export class TestNetwork {
  readonly node: string;
  readonly pods: Pod[] = [];
  readonly #servers: ChildProcess[] = [];
  #dir = '';

  constructor() {
    this.node = `kites-proxytest-${randomBytes(3).toString('hex')}`;
  }

  /** The node namespace and `count` pods at 10.42.99.10, .11, … */
  async create(count: number): Promise<void> {
    this.#dir = await mkdtemp(join(tmpdir(), 'kites-proxytest-'));
    const n = ['netns', 'exec', this.node];
    await ip('netns', 'add', this.node);
    await ip(...n, 'ip', 'link', 'set', 'lo', 'up');
    await ip(...n, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    await ip(...n, 'ip', 'link', 'add', 'br0', 'type', 'bridge');
    await ip(...n, 'ip', 'addr', 'add', `${BRIDGE_IP}/24`, 'dev', 'br0');
    await ip(...n, 'ip', 'link', 'set', 'br0', 'up');
    await ip(...n, 'ip', 'addr', 'add', `${NODE_IP}/32`, 'dev', 'br0');
    // A bridge with no ports stands in for a dummy link (not every kernel has the dummy driver).
    await ip(...n, 'ip', 'link', 'add', 'kites-svc', 'type', 'bridge');
    await ip(...n, 'ip', 'link', 'set', 'kites-svc', 'up');
    await ip(...n, 'ip', 'route', 'add', '10.43.0.0/16', 'dev', 'kites-svc');
    for (let i = 0; i < count; i++) {
      const pod = { name: `pod-${i}`, netns: `${this.node}-p${i}`, ip: `10.42.99.${10 + i}` };
      await ip('netns', 'add', pod.netns);
      this.pods.push(pod);
      const p = ['netns', 'exec', pod.netns];
      await ip(...n, 'ip', 'link', 'add', `veth${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', pod.netns);
      await ip(...n, 'ip', 'link', 'set', `veth${i}`, 'master', 'br0', 'up');
      // As kites' CNI config (hairpinMode): with bridge netfilter, a pod's own VIP traffic DNATed back
      // to it leaves through the port it came in by.
      await ip(...n, 'ip', 'link', 'set', `veth${i}`, 'type', 'bridge_slave', 'hairpin', 'on');
      await ip(...p, 'ip', 'link', 'set', 'lo', 'up');
      await ip(...p, 'ip', 'addr', 'add', `${pod.ip}/24`, 'dev', 'eth0');
      await ip(...p, 'ip', 'link', 'set', 'eth0', 'up');
      await ip(...p, 'ip', 'route', 'add', 'default', 'via', BRIDGE_IP);
    }
  }

  /** `busybox httpd` on port 80 in the pod, answering with the pod's name. */
  async serve(pod: Pod): Promise<void> {
    const dir = join(this.#dir, pod.name);
    await rm(dir, { recursive: true, force: true });
    await exec('mkdir', ['-p', dir]);
    await writeFile(join(dir, 'index.html'), pod.name);
    const child = spawn('ip', ['netns', 'exec', pod.netns, BUSYBOX, 'httpd', '-f', '-p', '80', '-h', dir], { stdio: 'ignore' });
    this.#servers.push(child);
  }

  /** `count` GETs of `url`, each on a new connection, from inside `netns`: each body or error code. */
  async get(netns: string, url: string, count = 1): Promise<{ body?: string; error?: string }[]> {
    const { stdout } = await exec('ip', ['netns', 'exec', netns, process.execPath, '-e', CLIENT, url, String(count)]);
    return JSON.parse(stdout) as { body?: string; error?: string }[];
  }

  /** Stops the servers this network started, then deletes every namespace (their veths and the bridge go with them). */
  async destroy(): Promise<void> {
    for (const child of this.#servers) {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
    for (const pod of this.pods) await exec('ip', ['netns', 'del', pod.netns]).catch(() => undefined);
    await exec('ip', ['netns', 'del', this.node]).catch(() => undefined);
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true });
  }
}
