import { migrateToLatest } from '@kubeledger/migrations';
import { issueClientCertificate, loadClusterPki, renderKubeconfig, writeKubeconfig, type ClusterPki } from '@kubeledger/pki';

export interface Credentials {
  readonly user: string;
  readonly groups?: readonly string[];
  readonly server: string;
  readonly out: string;
  readonly namespace?: string;
  readonly days?: number;
}

/** The cluster CA (and ServiceAccount key) from Postgres, applying the migrations first if the database is new. */
export const loadPki = (databaseUrl: string): Promise<ClusterPki> => loadClusterPki(databaseUrl, { migrate: migrateToLatest });

/** A client certificate for `user` in `groups` from the cluster CA, written as a kubeconfig at `out`. */
export async function writeCredentials(pki: ClusterPki, c: Credentials): Promise<string> {
  const certificate = await issueClientCertificate(pki.ca, { user: c.user, groups: c.groups ?? [], validDays: c.days ?? 365 });
  await writeKubeconfig(c.out, renderKubeconfig({ server: c.server, caPem: pki.ca.certPem, userName: c.user, credentials: certificate, ...(c.namespace && { namespace: c.namespace }) }));
  return c.out;
}
