import type { KeyPair } from './key-pair.js';
import { signCertificate } from './sign-certificate.js';
import { x509 } from './x509.js';

/**
 * A self-signed cluster CA: the root that serving, client and component certificates chain to,
 * and that clients (kubeconfig `certificate-authority-data`) trust for the apiserver.
 */
export async function createCertificateAuthority(commonName = 'kubeledger-ca', validDays = 3650): Promise<KeyPair> {
  return signCertificate({
    subject: [{ CN: [commonName] }],
    validDays,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
}
