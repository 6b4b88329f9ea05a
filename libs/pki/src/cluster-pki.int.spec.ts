import { X509Certificate, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SignJWT, importPKCS8, importSPKI, jwtVerify } from 'jose';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceAccountKey, issueClientCertificate, loadClusterPki, loadOrCreateClusterPki } from './index.js';

const SERVER_URL = process.env['KUBELEDGER_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WORKSPACE = join(import.meta.dirname, '../../..');

/**
 * A fresh database of this run's own. The schema comes from `npm run migrate`, the public
 * command, because this lib may not import the migrations project (module boundaries).
 */
async function createDatabase(migrate: boolean): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(SERVER_URL);
  const name = `kl_pki_${process.pid}_${randomBytes(4).toString('hex')}`;
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  if (migrate) {
    await promisify(execFile)('npm', ['run', '--silent', 'migrate'], { cwd: WORKSPACE, env: { ...process.env, DATABASE_URL: url.toString() } });
  }
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

const open = (url: string) => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined); // the database is dropped with FORCE after the tests
  return new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
};

describe('loadOrCreateClusterPki', () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  const dbs: Kysely<unknown>[] = [];
  beforeAll(async () => {
    database = await createDatabase(true);
    dbs.push(open(database.url), open(database.url));
  });
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.destroy()));
    await database?.drop();
  });

  it('creates the CA and the ServiceAccount key once, whoever races to create them', async () => {
    // Several callers over separate pools, as replicas starting together would be.
    const [first, ...others] = await Promise.all([
      loadOrCreateClusterPki(dbs[0]!),
      loadOrCreateClusterPki(dbs[1]!),
      loadOrCreateClusterPki(dbs[0]!),
      loadOrCreateClusterPki(dbs[1]!),
      loadClusterPki(database.url),
    ]);
    for (const other of others) expect(other).toEqual(first);
    const { rows } = await sql<{ name: string }>`SELECT name FROM cluster_pki ORDER BY name`.execute(dbs[0]!);
    expect(rows.map((r) => r.name)).toEqual(['ca', 'service-account']);

    // Later calls, in-process or from the CLI, read the same.
    expect(await loadOrCreateClusterPki(dbs[0]!)).toEqual(first);
    expect(await loadClusterPki(database.url)).toEqual(first);
  });

  it('stores a CA whose key matches its certificate', async () => {
    const { ca } = await loadOrCreateClusterPki(dbs[0]!);
    const caCert = new X509Certificate(ca.certPem);
    expect(caCert.ca).toBe(true);
    const client = new X509Certificate((await issueClientCertificate(ca, { user: 'admin', groups: ['system:masters'] })).certPem);
    expect(client.checkIssued(caCert) && client.verify(caCert.publicKey)).toBe(true);
  });

  it('stores a ServiceAccount key that signs ES256 tokens its public key verifies', async () => {
    const { serviceAccountKey } = await loadOrCreateClusterPki(dbs[1]!);
    const token = await new SignJWT({ 'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'default' } } })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('https://kubernetes.default.svc.cluster.local')
      .setSubject('system:serviceaccount:default:default')
      .setAudience('https://kubernetes.default.svc.cluster.local')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(await importPKCS8(serviceAccountKey.privateKeyPem, 'ES256'));
    const { payload } = await jwtVerify(token, await importSPKI(serviceAccountKey.publicKeyPem, 'ES256'), {
      issuer: 'https://kubernetes.default.svc.cluster.local',
      audience: 'https://kubernetes.default.svc.cluster.local',
    });
    expect(payload.sub).toBe('system:serviceaccount:default:default');

    const stranger = await createServiceAccountKey();
    await expect(jwtVerify(token, await importSPKI(stranger.publicKeyPem, 'ES256'))).rejects.toThrow(/signature/);
  });

  it('runs the migrations it is given before loading', async () => {
    const seen: unknown[] = [];
    await loadClusterPki(database.url, { migrate: async (db) => seen.push(db) });
    expect(seen).toHaveLength(1);
  });
});

describe('loadClusterPki without the migrations', () => {
  it('fails with a hint to apply them', async () => {
    const database = await createDatabase(false);
    try {
      await expect(loadClusterPki(database.url)).rejects.toThrow('table cluster_pki does not exist: apply the migrations first (npm run migrate)');
    } finally {
      await database.drop();
    }
  });
});
