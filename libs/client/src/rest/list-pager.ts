import type { KubeObject } from '@kubeledger/api';
import { isResourceExpired } from './api-error.js';
import type { ListOptions } from './request-options.js';

/** One page of a list. */
export interface ListResult<T extends KubeObject = KubeObject> {
  readonly items: T[];
  /** The revision the list is consistent at (the informer's starting point). */
  readonly resourceVersion: string;
  /** Set when there are more pages: pass it as `continue` with the same selectors. */
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

/** client-go pager's default page size. */
export const DEFAULT_PAGE_SIZE = 500;

/**
 * client-go's `pager.List`: pages of `limit` (default 500) items, followed through `continue`
 * tokens (which carry the first page's revision, so every page reads the same snapshot), joined.
 * The result's `resourceVersion` is the first page's. When a later page's token has expired
 * (410 below the compaction horizon), it falls back to one unpaged list, as `FullListIfExpired`.
 */
export async function listAllPages<T extends KubeObject>(fetchPage: (opts: ListOptions) => Promise<ListResult<T>>, opts: ListOptions = {}): Promise<ListResult<T>> {
  const first = await fetchPage({ ...opts, limit: opts.limit && opts.limit > 0 ? opts.limit : DEFAULT_PAGE_SIZE });
  const items = [...first.items];
  let token = first.continue;
  while (token) {
    let page: ListResult<T>;
    try {
      // The token carries the revision: upstream refuses a resourceVersion beside it.
      const { resourceVersion: _rv, resourceVersionMatch: _match, ...rest } = opts;
      page = await fetchPage({ ...rest, limit: opts.limit && opts.limit > 0 ? opts.limit : DEFAULT_PAGE_SIZE, continue: token });
    } catch (err) {
      if (!isResourceExpired(err)) throw err;
      const { limit: _limit, continue: _continue, ...unpaged } = opts;
      const full = await fetchPage(unpaged);
      return { items: full.items, resourceVersion: full.resourceVersion };
    }
    items.push(...page.items);
    token = page.continue;
  }
  return { items, resourceVersion: first.resourceVersion };
}
