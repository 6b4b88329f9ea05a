import type { FastifyRequest } from 'fastify';
import { historyObjectUrl } from './history-request.js';
import { requestInfo, type RequestInfo } from './request-info.js';

const infos = new WeakMap<FastifyRequest['raw'], RequestInfo>();

/**
 * The request info of a request, parsed once however many hooks and handlers ask for it. A GET of
 * an object's history is what a GET of the object is (history-request.ts).
 */
export function requestInfoOf(request: Pick<FastifyRequest, 'raw' | 'method' | 'url'>): RequestInfo {
  let info = infos.get(request.raw);
  if (!info) infos.set(request.raw, (info = parse(request.method, request.url)));
  return info;
}

function parse(method: string, url: string): RequestInfo {
  const objectUrl = historyObjectUrl(url);
  const read = method === 'GET' || method === 'HEAD';
  return objectUrl !== undefined && read ? requestInfo('GET', objectUrl) : requestInfo(method, url);
}
