import type { KubeletUser } from './authenticate-request.js';

/** What a request to the kubelet is authorized as (upstream's GetRequestAttributes): a verb on the subresource of this node. */
export interface KubeletRequestAttributes {
  readonly verb: string;
  readonly resource: 'nodes';
  readonly subresource: string;
  readonly name: string;
  readonly path: string;
}

/** Asks the apiserver whether `user` may (a SubjectAccessReview); a failed review rejects. */
export type AccessReviewer = (user: KubeletUser, attributes: KubeletRequestAttributes) => Promise<{ readonly allowed: boolean; readonly reason?: string }>;

const VERBS: Readonly<Record<string, string>> = { POST: 'create', GET: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** `/stats/…` is nodes/stats, `/metrics/…` nodes/metrics, `/logs/…` nodes/log; everything else — `/containerLogs/…` too — nodes/proxy. */
function subresourceOf(path: string): string {
  if (path === '/stats' || path.startsWith('/stats/')) return 'stats';
  if (path === '/metrics' || path.startsWith('/metrics/')) return 'metrics';
  if (path === '/logs' || path.startsWith('/logs/')) return 'log';
  return 'proxy';
}

export function requestAttributes(nodeName: string, method: string, path: string): KubeletRequestAttributes {
  return { verb: VERBS[method] ?? '', resource: 'nodes', subresource: subresourceOf(path), name: nodeName, path };
}

/** The plain-text answer upstream's kubelet gives a request it does not authorize (403), or whose review failed (500). */
export const forbiddenMessage = (user: KubeletUser, a: KubeletRequestAttributes, failed = false): string =>
  `${failed ? 'Authorization error' : 'Forbidden'} (user=${user.name}, verb=${a.verb}, resource=${a.resource}, subresource=${a.subresource})`;
