import type { FastifyInstance } from 'fastify';
import { pathNotFound, type EventType, type KubeObject } from '@kubeledger/api';
import type { HistoryEntry } from '@kubeledger/event-store';
import type { Registry } from '../registry/registry.js';
import { HISTORY_ROUTE } from '../request/history-request.js';
import { requestInfoOf } from '../request/request-info-of.js';
import type { RequestInfo } from '../request/request-info.js';

/** One revision of an object, as the history endpoint answers it. */
export interface HistoryItem {
  /** The revision (the object's `metadata.resourceVersion` at it), a decimal string as resourceVersions are. */
  readonly revision: string;
  readonly type: EventType;
  readonly uid: string;
  /** When it was written, RFC 3339. */
  readonly time: string;
  /** Who wrote it (the impersonated user, when someone impersonated). */
  readonly user: string;
  /** Who impersonated `user`, if anyone did. */
  readonly impersonator?: string;
  /** The object as this revision left it (for DELETED: its last state). */
  readonly object: KubeObject;
}

export interface ObjectHistory {
  readonly kind: 'ObjectHistory';
  readonly apiVersion: 'kubeledger.io/v1';
  readonly metadata: Record<string, never>;
  readonly items: readonly HistoryItem[];
}

/**
 * `GET /kubeledger/history/<object path>`: every retained revision of the object's key, oldest
 * first — earlier objects of the same name and the deletion included — with who wrote each. The
 * request was authorized as a GET of `<object path>` (request-info-of.ts), so the objects are
 * returned as a GET returns them. 404 for what a GET would 404 on (an unknown resource, a path that
 * names no object) and for a key with no retained revision.
 */
export function registerHistoryRoutes(app: FastifyInstance, registry: Registry): void {
  app.get(HISTORY_ROUTE, async (request) => objectHistory(registry, requestInfoOf(request)));
}

async function objectHistory(registry: Registry, info: RequestInfo): Promise<ObjectHistory> {
  if (!info.isResourceRequest || info.verb !== 'get' || !info.name || info.subresource) throw pathNotFound();
  const store = registry.find(info.apiGroup, info.apiVersion, info.resource);
  if (!store) throw pathNotFound();
  const { namespaced } = store.definition;
  if (namespaced && !info.namespace) throw pathNotFound();
  if (!namespaced && info.namespace && info.resource !== 'namespaces') throw pathNotFound();
  const entries = await store.history(info.namespace, info.name);
  return { kind: 'ObjectHistory', apiVersion: 'kubeledger.io/v1', metadata: {}, items: entries.map(historyItem) };
}

function historyItem(entry: HistoryEntry): HistoryItem {
  return {
    revision: String(entry.revision),
    type: entry.type,
    uid: entry.uid,
    time: entry.time.toISOString(),
    user: entry.actor.user,
    ...(entry.actor.impersonator && { impersonator: entry.actor.impersonator }),
    object: entry.object,
  };
}
