// Test helpers: an HTTPS server on 127.0.0.1 with the cluster's TLS options that answers each
// request with its authentication result as JSON.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Authenticator } from './authenticator.ts';
import { tlsServerOptions, type ServingMaterial } from './tls-options.ts';

export interface EchoServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Serves `/version` like a kites API server and echoes the authentication result on every other path. */
export async function startEchoServer(pki: ServingMaterial, authenticator: Authenticator): Promise<EchoServer> {
  const server = createServer(tlsServerOptions(pki), (req, res) => {
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    // kubectl adds a query (?timeout=32s), so match the path only.
    if (req.url?.split('?')[0] === '/version') {
      send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0+kites', platform: 'linux/amd64' });
      return;
    }
    authenticator.authenticate(req).then(
      (result) => send('user' in result ? 200 : 401, result),
      (err: unknown) => send(500, { error: String(err) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
