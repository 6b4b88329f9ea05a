import type { RequestInfo } from '../request/request-info.js';

const LONG_RUNNING_VERBS = new Set(['watch', 'proxy']);
const LONG_RUNNING_SUBRESOURCES = new Set(['attach', 'exec', 'proxy', 'log', 'portforward']);

/**
 * Requests that stay open as long as the client wants (upstream's BasicLongRunningRequestCheck as
 * kube-apiserver configures it): watches, proxy, and the streaming subresources. They are not
 * counted against the in-flight limits and get no request timeout.
 */
export function isLongRunning(info: RequestInfo): boolean {
  return info.isResourceRequest && (LONG_RUNNING_VERBS.has(info.verb) || LONG_RUNNING_SUBRESOURCES.has(info.subresource));
}
