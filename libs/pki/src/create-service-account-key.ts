import { exportPrivateKeyPem, exportPublicKeyPem, generateKeyPair } from './key-pair.js';

export interface ServiceAccountKey {
  /** PKCS#8 PEM; signs ServiceAccount JWTs as ES256. */
  readonly privateKeyPem: string;
  /** SPKI PEM; verifies them (and is what a JWKS endpoint would publish). */
  readonly publicKeyPem: string;
}

/** A P-256 key pair for ServiceAccount tokens (ES256), which the apiserver signs and every replica verifies. */
export async function createServiceAccountKey(): Promise<ServiceAccountKey> {
  const keys = await generateKeyPair();
  return { privateKeyPem: await exportPrivateKeyPem(keys.privateKey), publicKeyPem: await exportPublicKeyPem(keys.publicKey) };
}
