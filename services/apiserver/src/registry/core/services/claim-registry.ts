import { randomUUID } from 'node:crypto';
import type { KubeObject } from '@kubeledger/api';
import { isStorageError, type EventStore, type WriteContext } from '@kubeledger/event-store';
import { nowTimestamp } from '../../before-write.js';

/** The Service a claim belongs to (upstream's IPAddress spec.parentRef). */
export interface ClaimParent {
  readonly namespace: string;
  readonly name: string;
}

/** Whether `parent` still holds the claimed value (a claim left by a create that failed half way does not). */
export type HolderCheck = (parent: ClaimParent, value: string) => Promise<boolean>;

export interface ClaimKind {
  readonly group: string;
  readonly resource: string;
  /** The stored object for a claim of `value` by `parent` (metadata.name is the value). */
  readonly object: (value: string, parent: ClaimParent) => KubeObject;
}

/** A claim younger than this is never taken for a leftover: its service may be being written right now. */
const LEFTOVER_AFTER_MS = 60_000;

/**
 * Exclusive claims on values (cluster IPs, node ports) shared by every apiserver replica: one
 * object per claimed value, keyed by the value, written through the event store — so the store's
 * create-if-absent decides between concurrent claims of the same value, whichever replica makes
 * them (upstream's IPAddress objects). A claim whose service does not hold the value any more
 * (a create that failed after claiming, a crashed replica) is reclaimed once it is old enough.
 */
export class ClaimRegistry {
  readonly #store: EventStore;
  readonly #kind: ClaimKind;
  readonly #holds: HolderCheck;
  readonly #dryRun: boolean;

  /** `dryRun`: claims and releases are answered as they would be, and nothing is written (upstream's allocator DryRun()). */
  constructor(store: EventStore, kind: ClaimKind, holds: HolderCheck, dryRun = false) {
    this.#store = store;
    this.#kind = kind;
    this.#holds = holds;
    this.#dryRun = dryRun;
  }

  #ref(value: string) {
    return { group: this.#kind.group, resource: this.#kind.resource, namespace: '', name: value };
  }

  /** The values claimed now. */
  async claimed(): Promise<Set<string>> {
    const values = new Set<string>();
    let page = await this.#store.list({ scope: { group: this.#kind.group, resource: this.#kind.resource }, limit: 10_000 });
    for (;;) {
      for (const item of page.items) values.add(item.object.metadata!.name!);
      if (!page.continue) return values;
      page = await this.#store.list({ scope: { group: this.#kind.group, resource: this.#kind.resource }, limit: 10_000, continue: page.continue });
    }
  }

  /**
   * Claims `value` for `parent`: 'new' when this call claimed it, 'held' when the parent held it
   * already (only a 'new' claim is the caller's to give back if its write fails), undefined when
   * someone else holds it.
   */
  async claim(value: string, parent: ClaimParent, ctx: WriteContext): Promise<'new' | 'held' | undefined> {
    if (this.#dryRun) return this.#wouldClaim(value, parent);
    for (let attempt = 0; attempt < 2; attempt++) {
      const object = this.#kind.object(value, parent);
      object.metadata = { ...object.metadata, name: value, uid: randomUUID(), creationTimestamp: nowTimestamp() };
      try {
        await this.#store.create({ ref: this.#ref(value), object }, ctx);
        return 'new';
      } catch (err) {
        if (!isStorageError(err, 'KeyExists')) throw err;
      }
      const existing = await this.#store.get(this.#ref(value));
      if (!existing) continue;
      const holder = parentOf(existing.object);
      if (holder.namespace === parent.namespace && holder.name === parent.name) return 'held';
      const created = Date.parse(String(existing.object.metadata?.['creationTimestamp'] ?? ''));
      if (!(Date.now() - created > LEFTOVER_AFTER_MS) || (await this.#holds(holder, value))) return undefined;
      try {
        await this.#store.delete({ ref: this.#ref(value), expectedUid: existing.uid, expectedRevision: existing.revision }, ctx);
      } catch (err) {
        if (!isStorageError(err, 'Conflict') && !isStorageError(err, 'KeyNotFound')) throw err;
      }
    }
    return undefined;
  }

  /** A dry run's claim: 'new' when the value is free, 'held' when `parent` holds it; a claim of another parent, even a leftover, is taken. */
  async #wouldClaim(value: string, parent: ClaimParent): Promise<'new' | 'held' | undefined> {
    const existing = await this.#store.get(this.#ref(value));
    if (!existing) return 'new';
    const holder = parentOf(existing.object);
    return holder.namespace === parent.namespace && holder.name === parent.name ? 'held' : undefined;
  }

  /** Gives `value` back, if `parent` holds it (nothing, in a dry run). */
  async release(value: string, parent: ClaimParent, ctx: WriteContext): Promise<void> {
    if (this.#dryRun) return;
    const existing = await this.#store.get(this.#ref(value));
    if (!existing) return;
    const holder = parentOf(existing.object);
    if (holder.namespace !== parent.namespace || holder.name !== parent.name) return;
    try {
      await this.#store.delete({ ref: this.#ref(value), expectedUid: existing.uid }, ctx);
    } catch (err) {
      if (!isStorageError(err, 'KeyNotFound') && !isStorageError(err, 'Conflict')) throw err;
    }
  }
}

function parentOf(claim: KubeObject): ClaimParent {
  const ref = (claim['spec'] as { parentRef?: { namespace?: string; name?: string } } | undefined)?.parentRef ?? {};
  return { namespace: ref.namespace ?? '', name: ref.name ?? '' };
}
