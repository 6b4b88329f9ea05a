import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { KubeObject, ObjectRef } from '@kubeledger/api';
import { isStorageError, type EventStore } from '@kubeledger/event-store';

/** What a writer was told: the revision, key and kind of every acknowledged write. */
export interface AckedWrite {
  readonly revision: number;
  readonly key: string;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
}

export const podRef = (name: string): ObjectRef => ({ group: '', resource: 'pods', namespace: 'ns-1', name });

function podObject(name: string, writer: number, step: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns-1', uid: randomUUID(), labels: { writer: String(writer) } },
    spec: { step, writer, containers: [{ name: 'c', image: 'busybox' }] },
  };
}

/**
 * `writers` concurrent loops over `keys` shared keys until `until()` is false: each reads a key
 * and creates it, updates it (with its read revision — sometimes stale — or unconditionally) or
 * deletes it. Refusals (exists, not found, conflict) are part of the load; every acknowledged write
 * is returned.
 */
export async function runWriters(store: EventStore, writers: number, keys: number, until: () => boolean): Promise<AckedWrite[]> {
  const acked: AckedWrite[] = [];
  const ctx = { actor: { user: 'writer' } };
  const loop = async (writer: number) => {
    for (let step = 0; until(); step++) {
      const name = `k${Math.floor(Math.random() * keys)}`;
      const ref = podRef(name);
      const current = await store.get(ref);
      try {
        if (!current) {
          const r = await store.create({ ref, object: podObject(name, writer, step), node: step % 3 === 0 ? 'node-a' : '' }, ctx);
          acked.push({ revision: r.revision, key: `/_/pods/ns-1/${name}`, type: 'ADDED' });
        } else if (Math.random() < 0.15) {
          const r = await store.delete({ ref, expectedRevision: current.revision }, ctx);
          acked.push({ revision: r.revision, key: current.key, type: 'DELETED' });
        } else {
          const conditional = Math.random() < 0.7;
          const object = { ...podObject(name, writer, step), metadata: { ...current.object.metadata, labels: { writer: String(writer) } } };
          const r = await store.update({ ref, object, ...(conditional && { expectedRevision: current.revision }) }, ctx);
          acked.push({ revision: r.revision, key: current.key, type: 'MODIFIED' });
        }
      } catch (err) {
        if (!isStorageError(err) || !['KeyExists', 'KeyNotFound', 'Conflict'].includes(err.code)) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => loop(w)));
  return acked.sort((a, b) => a.revision - b.revision);
}

/**
 * Burns a revision the way a rolled-back writer does: allocates it under the allocation lock and
 * rolls back. Returns the burned revision.
 */
export async function burnRevision(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(1801675115, 1)');
    const { rows } = await client.query<{ rev: string }>("SELECT nextval('revision_seq') AS rev");
    await client.query('ROLLBACK');
    return Number(rows[0]!.rev);
  } finally {
    await client.end();
  }
}

/** The current state of every key after applying `events` in order. */
export function fold(events: Iterable<{ type: string; key: string; revision: number; object: unknown }>): Map<string, { revision: number; object: unknown }> {
  const state = new Map<string, { revision: number; object: unknown }>();
  for (const e of events) {
    if (e.type === 'DELETED') state.delete(e.key);
    else state.set(e.key, { revision: e.revision, object: e.object });
  }
  return state;
}


export { waitUntil } from '@kubeledger/bus/testing';
