import { sql, type Kysely } from 'kysely';

export interface ObjectRow {
  key: string;
  rev: string;
  uid: string;
  obj: string;
}

export async function getObject(db: Kysely<unknown>, key: string): Promise<ObjectRow | undefined> {
  const { rows } = await sql<ObjectRow>`SELECT key, rev, uid, obj::text AS obj FROM objects WHERE key = ${key}`.execute(db);
  return rows[0];
}
