import type { FastifyRequest } from 'fastify';
import { requestInfo, type RequestInfo } from './request-info.js';

const infos = new WeakMap<FastifyRequest['raw'], RequestInfo>();

/** The request info of a request, parsed once however many hooks and handlers ask for it. */
export function requestInfoOf(request: Pick<FastifyRequest, 'raw' | 'method' | 'url'>): RequestInfo {
  let info = infos.get(request.raw);
  if (!info) infos.set(request.raw, (info = requestInfo(request.method, request.url)));
  return info;
}
