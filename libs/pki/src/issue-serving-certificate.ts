import { isIP } from 'node:net';
import type { KeyPair } from './key-pair.js';
import { signCertificate } from './sign-certificate.js';
import { x509 } from './x509.js';

export interface ServingCertificateOptions {
  /** DNS names and IP addresses, mixed; every one becomes a subjectAltName (clients check only those). */
  readonly hosts: readonly string[];
  readonly commonName?: string;
  readonly validDays?: number;
}

/**
 * A TLS server certificate (the apiserver's, a kubelet's) signed by the cluster CA, or
 * self-signed when `ca` is undefined (what upstream's kubelet makes itself when given none).
 */
export async function issueServingCertificate(ca: KeyPair | undefined, options: ServingCertificateOptions): Promise<KeyPair> {
  if (options.hosts.length === 0) throw new Error('a serving certificate needs at least one host');
  return signCertificate(
    {
      subject: [{ CN: [options.commonName ?? 'kube-apiserver'] }],
      validDays: options.validDays ?? 365,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        // keyEncipherment is for RSA key exchange only; an ECDSA key just signs the handshake.
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(options.hosts.map(generalName)),
      ],
    },
    ca,
  );
}

function generalName(host: string): x509.JsonGeneralName {
  const bare = host.replace(/^\[(.*)\]$/, '$1'); // "[::1]" as written in URLs
  return isIP(bare) ? { type: 'ip', value: bare } : { type: 'dns', value: host };
}
