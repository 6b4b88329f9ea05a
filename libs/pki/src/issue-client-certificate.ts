import type { KeyPair } from './key-pair.js';
import { signCertificate } from './sign-certificate.js';
import { x509 } from './x509.js';

export interface ClientCertificateOptions {
  /** The user name the apiserver authenticates: the subject's CN. */
  readonly user: string;
  /** The user's groups: one O per group, in order (e.g. `system:masters`, `system:nodes`). */
  readonly groups?: readonly string[];
  readonly validDays?: number;
}

/** A TLS client certificate for a person or a component, signed by the cluster CA (DESIGN §4: CN = user, O = groups). */
export async function issueClientCertificate(ca: KeyPair, options: ClientCertificateOptions): Promise<KeyPair> {
  return signCertificate(
    {
      // Groups first, then the CN: the order kubeadm and openssl write them in.
      subject: [...(options.groups ?? []).map((group) => ({ O: [group] })), { CN: [options.user] }],
      validDays: options.validDays ?? 365,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      ],
    },
    ca,
  );
}
