// Parses `--datastore-endpoint etcd://HOST:PORT[,HOST:PORT…]`, the form k3s accepts for its etcd
// datastore (https://docs.k3s.io/datastore#datastore-endpoint-format-and-functionality).

export interface EtcdEndpointConfig {
  /** host:port of every member; the client fails over between them. */
  endpoints: string[];
}

const hostPort = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

export function isEtcdEndpoint(endpoint: string): boolean {
  return endpoint.startsWith('etcd://');
}

export function parseEtcdEndpoint(endpoint: string): EtcdEndpointConfig {
  if (!isEtcdEndpoint(endpoint)) {
    throw new Error(`datastore endpoint ${JSON.stringify(endpoint)} is not etcd://HOST:PORT[,HOST:PORT…]`);
  }
  const members = endpoint.slice('etcd://'.length).replace(/\/+$/, '').split(',');
  const endpoints = members.map((member) => {
    const match = hostPort.exec(member.trim());
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) {
      throw new Error(`datastore endpoint ${JSON.stringify(endpoint)}: ${JSON.stringify(member)} is not HOST:PORT`);
    }
    return `${match[1]}:${port}`;
  });
  return { endpoints };
}
