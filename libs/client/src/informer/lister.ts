import type { KubeObject, Revision } from '@kubeledger/api';

/** One page of a LIST: the objects, the revision they are current at, and the token for the next page. */
export interface ListPage<T extends KubeObject = KubeObject> {
  readonly items: readonly T[];
  /** The list's `metadata.resourceVersion` (a decimal revision). */
  readonly resourceVersion: string;
  readonly continue?: string;
}

export interface ListPageOptions {
  /** Page size; none: everything in one response. */
  readonly limit?: number;
  /** The token of the previous page. */
  readonly continue?: string;
  /** Aborted when the informer stops. */
  readonly signal?: AbortSignal;
}

/**
 * What an informer reads its objects from: a LIST over REST of the resource it follows, with the
 * namespace and the label and field selectors bound in (the same set its subject filter and
 * `matches` describe). `get` (optional) reads one object, for events too large for the bus.
 */
export interface Lister<T extends KubeObject = KubeObject> {
  list(options: ListPageOptions): Promise<ListPage<T>>;
  get?(namespace: string, name: string, options?: { readonly signal?: AbortSignal }): Promise<T | undefined>;
}

/** Every object the lister returns, following continue tokens, and the one revision they are current at. */
export interface ListedObjects<T extends KubeObject = KubeObject> {
  readonly items: T[];
  readonly revision: Revision;
}

/**
 * Lists everything, `pageSize` objects per request. A continue token that expired mid-way (410:
 * its revision was compacted) starts the list over in one unpaginated request, as client-go's
 * pager does: that one is served at the head and cannot expire.
 */
export async function listAll<T extends KubeObject>(lister: Lister<T>, pageSize: number | undefined, signal?: AbortSignal): Promise<ListedObjects<T>> {
  try {
    return await listPages(lister, pageSize, signal);
  } catch (err) {
    if (pageSize === undefined || !isExpiredError(err)) throw err;
    return listPages(lister, undefined, signal);
  }
}

async function listPages<T extends KubeObject>(lister: Lister<T>, limit: number | undefined, signal: AbortSignal | undefined): Promise<ListedObjects<T>> {
  const items: T[] = [];
  let token: string | undefined;
  let revision: Revision | undefined;
  do {
    const page = await lister.list({ ...(limit !== undefined && { limit }), ...(token !== undefined && { continue: token }), ...(signal && { signal }) });
    items.push(...page.items);
    // Every page of one list is at the first page's revision.
    revision ??= parseRevision(page.resourceVersion);
    token = page.continue || undefined;
  } while (token !== undefined);
  return { items, revision };
}

/** A resourceVersion as a revision; throws for anything but a non-negative decimal integer. */
export function parseRevision(resourceVersion: string | undefined): Revision {
  const revision = Number(resourceVersion);
  if (!resourceVersion || !Number.isSafeInteger(revision) || revision < 0) throw new Error(`not a revision: ${JSON.stringify(resourceVersion)}`);
  return revision;
}

/**
 * 410 Gone / reason Expired, from any client's error shape: `ApiError` of the REST client (`status`
 * the HTTP code, `reason`), `StatusError` (`code`, `reason`), an error carrying a `status` Status
 * or an HTTP `statusCode`.
 */
export function isExpiredError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; statusCode?: unknown; reason?: unknown; status?: unknown };
  const status = typeof e.status === 'object' && e.status !== null ? (e.status as { code?: unknown; reason?: unknown }) : {};
  return [e.code, e.statusCode, e.status, status.code].includes(410) || [e.reason, status.reason].some((r) => r === 'Expired' || r === 'Gone');
}
