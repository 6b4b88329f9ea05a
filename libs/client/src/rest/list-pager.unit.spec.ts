import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { ApiError } from './api-error.js';
import { listAllPages, type ListResult } from './list-pager.js';
import type { ListOptions } from './request-options.js';
import { statusFromResponse } from './status-from-response.js';

const obj = (name: string): KubeObject => ({ metadata: { name } });

/** A server of `names` at revision `rv` that pages with tokens `t<offset>`, recording what it was asked. */
function pagedServer(names: string[], rv: string) {
  const asked: ListOptions[] = [];
  const fetchPage = async (opts: ListOptions): Promise<ListResult> => {
    asked.push(opts);
    const from = opts.continue ? Number(opts.continue.slice(1)) : 0;
    const to = opts.limit ? from + opts.limit : names.length;
    return { items: names.slice(from, to).map(obj), resourceVersion: opts.continue ? `${rv}-later` : rv, ...(to < names.length && { continue: `t${to}` }) };
  };
  return { asked, fetchPage };
}

describe('listAllPages', () => {
  it('follows continue tokens and answers the first page’s revision', async () => {
    const server = pagedServer(['a', 'b', 'c', 'd', 'e'], '42');
    const all = await listAllPages(server.fetchPage, { labelSelector: 'app=web', limit: 2, resourceVersion: '40', resourceVersionMatch: 'NotOlderThan' });
    expect(all.items.map((i) => i.metadata?.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(all.resourceVersion).toBe('42');
    expect(all.continue).toBeUndefined();
    expect(server.asked).toEqual([
      { labelSelector: 'app=web', limit: 2, resourceVersion: '40', resourceVersionMatch: 'NotOlderThan' },
      { labelSelector: 'app=web', limit: 2, continue: 't2' },
      { labelSelector: 'app=web', limit: 2, continue: 't4' },
    ]);
  });

  it('pages by 500 unless told', async () => {
    const server = pagedServer(Array.from({ length: 1001 }, (_, i) => `o${i}`), '7');
    expect((await listAllPages(server.fetchPage)).items).toHaveLength(1001);
    expect(server.asked.map((a) => a.limit)).toEqual([500, 500, 500]);
  });

  it('falls back to one unpaged list when a continue token has expired', async () => {
    const asked: ListOptions[] = [];
    const expired = new ApiError(410, statusFromResponse(410, JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old' }), 'GET'), 'GET /x');
    const fetchPage = async (opts: ListOptions): Promise<ListResult> => {
      asked.push(opts);
      if (opts.continue) throw expired;
      if (opts.limit) return { items: [obj('a')], resourceVersion: '5', continue: 't1' };
      return { items: [obj('a'), obj('b')], resourceVersion: '9' };
    };
    const all = await listAllPages(fetchPage, { namespace: 'ns', limit: 1, resourceVersion: '3' });
    expect(all).toEqual({ items: [obj('a'), obj('b')], resourceVersion: '9' });
    expect(asked[2]).toEqual({ namespace: 'ns', resourceVersion: '3' });
  });

  it('does not hide other errors, nor an expired first page', async () => {
    const expired = new ApiError(410, statusFromResponse(410, '', 'GET'), 'GET /x');
    await expect(listAllPages(async () => Promise.reject(expired))).rejects.toBe(expired);
  });
});
