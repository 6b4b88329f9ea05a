import { sql, type Kysely } from 'kysely';
import { createCertificateAuthority } from './create-certificate-authority.js';
import { createServiceAccountKey, type ServiceAccountKey } from './create-service-account-key.js';
import type { KeyPair } from './key-pair.js';
import { joinPem, pemBlock } from './pem.js';

/** The key material every apiserver replica shares, kept in Postgres (table `cluster_pki`). */
export interface ClusterPki {
  readonly ca: KeyPair;
  readonly serviceAccountKey: ServiceAccountKey;
}

/** Row names; each row holds a whole key pair as one PEM bundle, so a pair is always consistent. */
const CA = 'ca';
const SERVICE_ACCOUNT = 'service-account';

/**
 * Reads the cluster CA and the ServiceAccount key from `cluster_pki`, creating whichever is missing.
 * Replicas that start together may all create keys; the first insert wins (ON CONFLICT DO NOTHING)
 * and everyone reads the rows back, so they all end with the same values. The table comes from
 * the migrations, which this does not run. Generic over the schema type so any caller's Kysely fits
 * (a `Kysely<Db>` is not a `Kysely<unknown>`); only raw SQL is used.
 */
export async function loadOrCreateClusterPki<DB>(db: Kysely<DB>): Promise<ClusterPki> {
  let rows = await readRows(db);
  if (!rows.has(CA) || !rows.has(SERVICE_ACCOUNT)) {
    const fresh: { name: string; pem: string }[] = [];
    if (!rows.has(CA)) {
      const ca = await createCertificateAuthority();
      fresh.push({ name: CA, pem: joinPem(ca.certPem, ca.keyPem) });
    }
    if (!rows.has(SERVICE_ACCOUNT)) {
      const key = await createServiceAccountKey();
      fresh.push({ name: SERVICE_ACCOUNT, pem: joinPem(key.privateKeyPem, key.publicKeyPem) });
    }
    await sql`
      INSERT INTO cluster_pki (name, pem)
      VALUES ${sql.join(fresh.map((row) => sql`(${row.name}, ${row.pem})`))}
      ON CONFLICT (name) DO NOTHING`.execute(db);
    rows = await readRows(db);
  }
  const ca = rows.get(CA)!;
  const sa = rows.get(SERVICE_ACCOUNT)!;
  return {
    ca: { certPem: pemBlock(ca, 'CERTIFICATE'), keyPem: pemBlock(ca, 'PRIVATE KEY') },
    serviceAccountKey: { privateKeyPem: pemBlock(sa, 'PRIVATE KEY'), publicKeyPem: pemBlock(sa, 'PUBLIC KEY') },
  };
}

async function readRows<DB>(db: Kysely<DB>): Promise<Map<string, string>> {
  try {
    const { rows } = await sql<{ name: string; pem: string }>`
      SELECT name, pem FROM cluster_pki WHERE name IN (${CA}, ${SERVICE_ACCOUNT})`.execute(db);
    return new Map(rows.map((row) => [row.name, row.pem]));
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') {
      throw new Error('table cluster_pki does not exist: apply the migrations first (npm run migrate)', { cause: err });
    }
    throw err;
  }
}
