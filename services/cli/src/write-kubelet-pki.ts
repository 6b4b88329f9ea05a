import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { issueServingCertificate, type ClusterPki } from '@kubeledger/pki';

/**
 * The cluster CA's certificate as a file, for the apiserver to verify kubelets' serving
 * certificates with (KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY). Returns its path.
 */
export async function writeClusterCa(pki: ClusterPki, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'ca.crt');
  await writeFile(file, pki.ca.certPem);
  return file;
}

/**
 * A serving certificate from the cluster CA for a kubelet's HTTPS server — for its node's name,
 * address and localhost, CN `system:node:<node>` as upstream's kubelet-serving certificates have
 * it — written as `<dir>/kubelet-<node>.crt` and `.key` (owner-only). Returns the env settings
 * that give it to the kubelet.
 */
export async function writeKubeletServingCertificate(pki: ClusterPki, dir: string, node: string, address: string): Promise<Record<string, string>> {
  const serving = await issueServingCertificate(pki.ca, { hosts: [address, node, 'localhost'], commonName: `system:node:${node}` });
  await mkdir(dir, { recursive: true });
  const cert = path.join(dir, `kubelet-${node}.crt`);
  const key = path.join(dir, `kubelet-${node}.key`);
  await writeFile(cert, serving.certPem);
  await writeFile(key, serving.keyPem, { mode: 0o600 });
  return { KUBELEDGER_KUBELET_TLS_CERT_FILE: cert, KUBELEDGER_KUBELET_TLS_KEY_FILE: key };
}
