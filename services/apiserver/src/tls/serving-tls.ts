import { readFile } from 'node:fs/promises';
import ipaddr from 'ipaddr.js';
import { defaultServingHosts, issueClientCertificate, issueServingCertificate, renderKubeconfig, writeKubeconfig, type ClusterPki } from '@kubeledger/pki';
import { SYSTEM_MASTERS } from '../authentication/user-info.js';
import type { Config } from '../config.js';

export interface ServingTls {
  readonly cert: string;
  readonly key: string;
  /** The CA bundle client certificates are checked against. */
  readonly ca: string;
}

/**
 * What the apiserver serves HTTPS with: the certificate and key files when given (used as they
 * are), else a certificate this replica issues itself from the cluster CA at start, for
 * localhost, 127.0.0.1, the host name, the `kubernetes` Service's names and cluster IP, and
 * KUBELEDGER_TLS_SANS. Client certificates are checked against KUBELEDGER_CLIENT_CA_FILE or the
 * cluster CA.
 */
export async function servingTls(config: Config, pki: ClusterPki): Promise<ServingTls> {
  const { certFile, keyFile, clientCaFile, extraSans } = config.tls;
  if ((certFile === undefined) !== (keyFile === undefined)) throw new Error('set both KUBELEDGER_TLS_CERT_FILE and KUBELEDGER_TLS_KEY_FILE, or neither');
  const ca = clientCaFile ? await readFile(clientCaFile, 'utf8') : pki.ca.certPem;
  if (certFile && keyFile) return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8'), ca };
  const hosts = defaultServingHosts([...extraSans, firstServiceIp(config.serviceCidr), ...(isWildcard(config.host) ? [] : [config.host])]);
  const serving = await issueServingCertificate(pki.ca, { hosts });
  return { cert: serving.certPem, key: serving.keyPem, ca };
}

/**
 * Writes a kubeconfig for `kubeledger-admin` (in system:masters, with a client certificate from
 * the cluster CA) pointing at `serverUrl`: what `npm start` gives its user (DESIGN §8).
 */
export async function writeAdminKubeconfig(path: string, serverUrl: string, pki: ClusterPki): Promise<void> {
  const admin = await issueClientCertificate(pki.ca, { user: 'kubeledger-admin', groups: [SYSTEM_MASTERS] });
  await writeKubeconfig(path, renderKubeconfig({ server: serverUrl, caPem: pki.ca.certPem, userName: 'kubeledger-admin', credentials: admin }));
}

/** The URL clients on this machine reach a listening address at (a wildcard host means loopback). */
export function localUrl(host: string, port: number): string {
  const h = isWildcard(host) ? '127.0.0.1' : host;
  return `https://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '';

function firstServiceIp(cidr: string): string {
  const [network] = ipaddr.parseCIDR(cidr);
  const bytes = network.toByteArray();
  bytes[bytes.length - 1]! += 1;
  return ipaddr.fromByteArray(bytes).toString();
}
