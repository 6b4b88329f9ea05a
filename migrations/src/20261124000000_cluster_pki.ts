import { sql, type Kysely } from 'kysely';

/**
 * Key material every apiserver replica and the credentials CLI share (DESIGN §4): the cluster CA
 * and the ServiceAccount token signing key. One row per key pair, the pair in one PEM bundle, so a
 * row can never hold a certificate from one process and a key from another. Serving certificates
 * are not stored: each replica issues its own at start.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE cluster_pki (
      name       text        PRIMARY KEY,              -- 'ca', 'service-account'
      pem        text        NOT NULL,                 -- PEM blocks: certificate (if any), then PKCS#8 private key
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

/** Drops the keys for good: certificates and tokens issued from them stop verifying. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS cluster_pki`.execute(db);
}
