import { randomBytes } from 'node:crypto';
import { exportPrivateKeyPem, generateKeyPair, importSigningKey, type KeyPair, type SigningKey } from './key-pair.js';
import { joinPem } from './pem.js';
import { x509 } from './x509.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CertificateRequest {
  /** One entry per RDN, in order, e.g. `[{ O: ['system:masters'] }, { CN: ['admin'] }]`. */
  readonly subject: x509.JsonName;
  readonly validDays: number;
  readonly extensions: readonly x509.Extension[];
}

/** The issuer: its certificate (for its name and key identifier) and the key that signs. */
interface Issuer {
  readonly name: x509.Name | x509.JsonName;
  readonly keyId: string | undefined;
  readonly signingKey: SigningKey;
}

/** A new P-256 key and a certificate for it, signed by `ca`, or self-signed when `ca` is omitted. */
export async function signCertificate(request: CertificateRequest, ca?: KeyPair): Promise<KeyPair> {
  const keys = await generateKeyPair();
  const issuer: Issuer = ca
    ? await loadIssuer(ca)
    : { name: request.subject, keyId: undefined, signingKey: { key: keys.privateKey, algorithm: { name: 'ECDSA', hash: 'SHA-256' } } };
  const now = Date.now();
  // Key identifiers on every certificate (RFC 5280 §4.2.1.2 recommends them for leaves too):
  // verifiers look the issuer up by the authorityKeyIdentifier, which is the CA's subjectKeyIdentifier.
  const extensions = [...request.extensions, await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)];
  if (issuer.keyId) extensions.push(new x509.AuthorityKeyIdentifierExtension(issuer.keyId));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: request.subject,
    issuer: issuer.name,
    // A minute back, so a peer whose clock runs a little behind does not see "not yet valid".
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + request.validDays * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: issuer.signingKey.key,
    signingAlgorithm: issuer.signingKey.algorithm,
    extensions,
  });
  return { certPem: joinPem(cert.toString('pem')), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

async function loadIssuer(ca: KeyPair): Promise<Issuer> {
  const cert = new x509.X509Certificate(ca.certPem);
  // A CA without a subjectKeyIdentifier (some given as files) gets no authorityKeyIdentifier either.
  const keyId = cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  // The issuer name is copied as the CA encoded it: verifiers compare the raw bytes.
  return { name: cert.subjectName, keyId, signingKey: await importSigningKey(ca.keyPem) };
}

/** 16 random bytes, positive (top bit clear) and kept at full length (next bit set), as RFC 5280 §4.1.2.2 allows. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString('hex');
}
