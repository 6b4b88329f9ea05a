import { readFile } from 'node:fs/promises';
import { issueServingCertificate } from '@kubeledger/pki';

export interface KubeletServingCertificate {
  readonly cert: string;
  readonly key: string;
  /** Where it comes from, for the start-up log. */
  readonly source: string;
}

/**
 * What the kubelet serves HTTPS with (upstream's InitializeTLS): the certificate and key files when
 * given, else a self-signed certificate made at start for the node's name and address (as
 * upstream's kubelet makes one without --tls-cert-file), which the apiserver only accepts while it
 * does not verify kubelets.
 */
export async function kubeletServingCertificate(files: { readonly certFile?: string; readonly keyFile?: string }, nodeName: string, address: string): Promise<KubeletServingCertificate> {
  if (files.certFile && files.keyFile) {
    return { cert: await readFile(files.certFile, 'utf8'), key: await readFile(files.keyFile, 'utf8'), source: files.certFile };
  }
  const selfSigned = await issueServingCertificate(undefined, { hosts: [nodeName, address], commonName: `${nodeName}@${Math.floor(Date.now() / 1000)}` });
  return { cert: selfSigned.certPem, key: selfSigned.keyPem, source: 'self-signed' };
}
