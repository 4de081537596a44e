// The key that signs service-account tokens (DATA_DIR/tls/service-account.key): made once, kept.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { readIfExists, secretMode, writeFileAtomic } from './files.ts';

export interface ServiceAccountKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export async function loadOrCreateServiceAccountKey(dataDir: string): Promise<ServiceAccountKey> {
  const path = join(dataDir, 'tls', 'service-account.key');
  let pem = await readIfExists(path);
  if (!pem) {
    pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await writeFileAtomic(path, pem, secretMode);
  }
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}
