import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueClientCertificate, issueServingCertificate, type KeyPair } from './index.js';
import { x509 } from './x509.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

describe('certificates', () => {
  let ca: KeyPair;
  let caCert: X509Certificate;
  beforeAll(async () => {
    ca = await createCertificateAuthority();
    caCert = new X509Certificate(ca.certPem);
  });

  it('creates a self-signed P-256 CA with CA extensions', () => {
    expect(caCert.ca).toBe(true);
    expect(caCert.subject).toBe('CN=kubeledger-ca');
    expect(caCert.checkIssued(caCert)).toBe(true);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    expect(caCert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(createPrivateKey(ca.keyPem).asymmetricKeyType).toBe('ec');
    expect(ca.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[^]+\n-----END PRIVATE KEY-----\n$/);
    const days = (Date.parse(caCert.validTo) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(3650);

    const parsed = new x509.X509Certificate(ca.certPem);
    const basic = parsed.getExtension(x509.BasicConstraintsExtension)!;
    expect([basic.ca, basic.critical]).toEqual([true, true]);
    const usage = parsed.getExtension(x509.KeyUsagesExtension)!;
    expect([usage.usages, usage.critical]).toEqual([x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true]);
    expect(parsed.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toMatch(/^[0-9a-f]{40}$/);
  });

  it('takes a common name and a lifetime', async () => {
    const other = new X509Certificate((await createCertificateAuthority('my-ca', 10)).certPem);
    expect(other.subject).toBe('CN=my-ca');
    expect(Math.round((Date.parse(other.validTo) - Date.now()) / 86_400_000)).toBe(10);
  });

  it('issues a serving certificate for DNS names and IP addresses, for serverAuth only', async () => {
    const serving = await issueServingCertificate(ca, { hosts: ['localhost', '127.0.0.1', '::1', 'api.example.com', '10.1.2.3'] });
    const cert = new X509Certificate(serving.certPem);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subject).toBe('CN=kube-apiserver');
    expect(cert.subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:api.example.com, IP Address:10.1.2.3',
    );
    expect(cert.keyUsage).toEqual([SERVER_AUTH]);
    expect(cert.checkHost('api.example.com')).toBe('api.example.com');
    expect(cert.checkIP('10.1.2.3')).toBe('10.1.2.3');
    expect(cert.checkHost('other.example.com')).toBeUndefined();
    // The key is the certificate's: a signature by one verifies with the other.
    const data = Buffer.from('hello');
    expect(verify('sha256', data, cert.publicKey, sign('sha256', data, createPrivateKey(serving.keyPem)))).toBe(true);

    const parsed = new x509.X509Certificate(serving.certPem);
    const usage = parsed.getExtension(x509.KeyUsagesExtension)!;
    expect([usage.usages, usage.critical]).toEqual([x509.KeyUsageFlags.digitalSignature, true]);
    const caKeyId = new x509.X509Certificate(ca.certPem).getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
    expect(parsed.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(caKeyId);
  });

  it('gives every certificate a random positive 16-byte serial, valid from a minute ago', async () => {
    const certs = await Promise.all([1, 2, 3].map(() => issueClientCertificate(ca, { user: 'u' })));
    const serials = certs.map((c) => new X509Certificate(c.certPem).serialNumber);
    expect(new Set(serials).size).toBe(3);
    for (const serial of serials) expect(serial).toMatch(/^[4-7][0-9A-F]{31}$/);
    const notBefore = Date.parse(new X509Certificate(certs[0]!.certPem).validFrom);
    expect(Date.now() - notBefore).toBeGreaterThanOrEqual(59_000);
    expect(Date.now() - notBefore).toBeLessThan(120_000);
  });

  it('issues a client certificate with CN = user and one O per group, in order, for clientAuth only', async () => {
    const client = await issueClientCertificate(ca, { user: 'alice', groups: ['system:masters', 'dev, ops'], validDays: 30 });
    const cert = new X509Certificate(client.certPem);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.subject).toBe('O=system:masters\nO=dev\\, ops\nCN=alice');
    expect(cert.keyUsage).toEqual([CLIENT_AUTH]);
    expect(cert.subjectAltName).toBeUndefined();
    expect(Math.round((Date.parse(cert.validTo) - Date.now()) / 86_400_000)).toBe(30);
    expect(new X509Certificate((await issueClientCertificate(ca, { user: 'bob' })).certPem).subject).toBe('CN=bob');
  });

  it('does not verify against another CA', async () => {
    const other = new X509Certificate((await createCertificateAuthority()).certPem);
    const cert = new X509Certificate((await issueClientCertificate(ca, { user: 'alice' })).certPem);
    expect(cert.checkIssued(other)).toBe(false);
    expect(cert.verify(other.publicKey)).toBe(false);
  });

  it('issues from a CA given as files: SEC1 EC key', async () => {
    const sec1 = createPrivateKey(ca.keyPem).export({ type: 'sec1', format: 'pem' }) as string;
    const cert = new X509Certificate((await issueServingCertificate({ certPem: ca.certPem, keyPem: sec1 }, { hosts: ['x'] })).certPem);
    expect(cert.verify(caCert.publicKey)).toBe(true);
  });

  it('issues from a CA given as files: RSA key (PKCS#1), without key identifiers', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaPem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const key = await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), alg, false, ['sign']);
    const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    const publicKey = await webcrypto.subtle.importKey('spki', spki, alg, true, ['verify']);
    const rsaCa = await x509.X509CertificateGenerator.create({
      subject: 'CN=rsa-ca',
      issuer: 'CN=rsa-ca',
      publicKey,
      signingKey: key,
      signingAlgorithm: alg,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    const rsaCaCert = new X509Certificate(rsaCa.toString('pem'));
    const client = await issueClientCertificate({ certPem: rsaCa.toString('pem'), keyPem: rsaPem }, { user: 'carol' });
    const cert = new X509Certificate(client.certPem);
    expect(cert.checkIssued(rsaCaCert)).toBe(true);
    expect(cert.verify(rsaCaCert.publicKey)).toBe(true);
    expect(new x509.X509Certificate(client.certPem).getExtension(x509.AuthorityKeyIdentifierExtension)).toBeNull();
  });

  it('refuses a serving certificate without hosts', async () => {
    await expect(issueServingCertificate(ca, { hosts: [] })).rejects.toThrow(/at least one host/);
  });
});
