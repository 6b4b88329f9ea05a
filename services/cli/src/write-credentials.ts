import { migrateToLatest } from '@kubeledger/migrations';
import { issueClientCertificate, loadClusterPki, renderKubeconfig, writeKubeconfig } from '@kubeledger/pki';

export interface Credentials {
  readonly databaseUrl: string;
  readonly user: string;
  readonly groups?: readonly string[];
  readonly server: string;
  readonly out: string;
  readonly namespace?: string;
  readonly days?: number;
}

/** A client certificate for `user` in `groups` from the cluster CA in Postgres, written as a kubeconfig at `out`. */
export async function writeCredentials(c: Credentials): Promise<string> {
  const pki = await loadClusterPki(c.databaseUrl, { migrate: migrateToLatest });
  const certificate = await issueClientCertificate(pki.ca, { user: c.user, groups: c.groups ?? [], validDays: c.days ?? 365 });
  await writeKubeconfig(c.out, renderKubeconfig({ server: c.server, caPem: pki.ca.certPem, userName: c.user, credentials: certificate, ...(c.namespace && { namespace: c.namespace }) }));
  return c.out;
}
