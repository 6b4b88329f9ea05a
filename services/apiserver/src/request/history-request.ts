/**
 * kubeledger's history endpoint, `GET /kubeledger/history/<object path>`: every retained revision
 * of the object at `<object path>` (its REST path, `/api/v1/namespaces/default/pods/web`). It is
 * authorized, limited and labelled as a GET of `<object path>`, so whoever may get an object may
 * read its history, and no one else.
 */
export const HISTORY_PREFIX = '/kubeledger/history';
/** The route it is served on (what request metrics see as the matched route). */
export const HISTORY_ROUTE = `${HISTORY_PREFIX}/*`;

/** The object URL (path and query) a history URL asks about; undefined for any other URL. */
export function historyObjectUrl(url: string): string | undefined {
  if (!url.startsWith(`${HISTORY_PREFIX}/`)) return undefined;
  return url.slice(HISTORY_PREFIX.length);
}
