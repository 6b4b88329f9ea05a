import { createPrivateKey, webcrypto } from 'node:crypto';
import { joinPem } from './pem.js';
import { x509 } from './x509.js';

// The WebCrypto types, from Node's typings (the workspace compiles without the DOM lib).
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** A certificate and its private key, both PEM; the key is PKCS#8 (`BEGIN PRIVATE KEY`). */
export interface KeyPair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** ECDSA P-256 with SHA-256 everywhere: fast to generate, and Go's crypto/tls (kubectl, helm) accepts it. */
const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A fresh, extractable P-256 key pair. */
export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
}

export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  return joinPem(x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY'));
}

export async function exportPublicKeyPem(key: CryptoKey): Promise<string> {
  return joinPem(x509.PemConverter.encode(await webcrypto.subtle.exportKey('spki', key), 'PUBLIC KEY'));
}

export interface SigningKey {
  readonly key: CryptoKey;
  /** What to pass as the signature algorithm; SHA-256 whatever the key. */
  readonly algorithm: { readonly name: 'ECDSA' | 'RSASSA-PKCS1-v1_5'; readonly hash: 'SHA-256' };
}

const NAMED_CURVES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/**
 * Imports a CA's private key for signing. Ours are P-256 PKCS#8, but a CA given as files may be
 * SEC1 (`EC PRIVATE KEY`) or RSA PKCS#1: node:crypto reads every form, WebCrypto only PKCS#8.
 */
export async function importSigningKey(keyPem: string): Promise<SigningKey> {
  const keyObject = createPrivateKey(keyPem);
  const der = keyObject.export({ type: 'pkcs8', format: 'der' });
  switch (keyObject.asymmetricKeyType) {
    case 'ec': {
      const namedCurve = NAMED_CURVES[keyObject.asymmetricKeyDetails?.namedCurve ?? ''];
      if (!namedCurve) throw new Error(`unsupported CA key curve ${keyObject.asymmetricKeyDetails?.namedCurve}`);
      const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve }, false, ['sign']);
      return { key, algorithm: { name: 'ECDSA', hash: 'SHA-256' } };
    }
    case 'rsa': {
      const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
      return { key, algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } };
    }
    default:
      throw new Error(`unsupported CA key type ${keyObject.asymmetricKeyType}`);
  }
}
