// Asks a kites server whether it is ready, over its HTTPS port with the cluster CA.
import https from 'node:https';
import { readFile } from 'node:fs/promises';

export async function isReady(port: number, caFile: string): Promise<boolean> {
  const ca = await readFile(caFile, 'utf8').catch(() => undefined);
  if (!ca) return false;
  return new Promise((resolve) => {
    const req = https.get({ host: '127.0.0.1', port, path: '/readyz', ca, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}
