import { readFile } from 'node:fs/promises';
import { issueClientCertificate, type ClusterPki } from '@kubeledger/pki';
import type { Config } from '../config.js';
import type { KubeletClientOptions } from '../kubelet/kubelet-client.js';

/** Who the apiserver is to kubelets (kubeadm's apiserver-kubelet-client certificate): bound to `system:kubelet-api-admin` by the bootstrap policy. */
export const KUBELET_CLIENT_USER = 'kube-apiserver-kubelet-client';

/**
 * How this replica talks to kubelets: a client certificate it issues itself from the cluster CA at
 * start, and the CA of KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY to verify their serving
 * certificates with (unset: not verified, upstream's default without --kubelet-certificate-authority).
 */
export async function kubeletClientTls(config: Config, pki: ClusterPki): Promise<KubeletClientOptions> {
  const client = await issueClientCertificate(pki.ca, { user: KUBELET_CLIENT_USER });
  const caFile = config.tls.kubeletCertificateAuthorityFile;
  return { cert: client.certPem, key: client.keyPem, ...(caFile && { ca: await readFile(caFile, 'utf8') }) };
}
