import { KUBELET_VERSION } from '../node/node-status.js';
import { joinHostPort, resolveContainerPort } from './container-port.js';
import type { HttpGetAction, ProbedContainer } from './probe-spec.js';

/** The request an httpGet probe sends. */
export interface HttpProbeRequest {
  /** The URL as upstream prints it in failures (`http://127.128.1.2:8080/healthz`). */
  readonly url: string;
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  /** Path and query. */
  readonly path: string;
  /** Header names in Go's canonical form, with their values (User-Agent and Accept included). */
  readonly headers: Readonly<Record<string, readonly string[]>>;
}

/** `kube-probe/<major>.<minor>` of the kubelet's version, as upstream's probes say who they are. */
export const PROBE_USER_AGENT = `kube-probe/${/^v?(\d+\.\d+)/.exec(KUBELET_VERSION)?.[1] ?? '0.0'}`;

/** `content-type` → `Content-Type` (Go's http.CanonicalHeaderKey). */
const canonicalHeader = (name: string): string => (/^[A-Za-z0-9-]+$/.test(name) ? name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase()) : name);

/**
 * The request of an httpGet probe (upstream's NewRequestForHTTPGetAction): scheme HTTP unless
 * HTTPS, the pod's IP unless `host` is set, the port by number or by the container's port name,
 * the path, `httpHeaders` (a `Host` header sets the Host), then `User-Agent: kube-probe/1.35` and
 * `Accept: *\/*` unless given (an empty Accept removes it). Throws when the port cannot be resolved.
 */
export function httpGetRequest(action: HttpGetAction, container: ProbedContainer, podIP: string): HttpProbeRequest {
  const scheme = (action.scheme ?? '').toLowerCase() === 'https' ? 'https' : 'http';
  const host = action.host || podIP;
  const port = resolveContainerPort(action.port, container);
  const rawPath = action.path ?? '';
  const path = rawPath === '' ? '' : rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  const headers: Record<string, string[]> = {};
  for (const { name, value } of action.httpHeaders ?? []) (headers[canonicalHeader(name)] ??= []).push(value);
  headers['User-Agent'] ??= [PROBE_USER_AGENT];
  if (!headers['Accept']) headers['Accept'] = ['*/*'];
  else if (headers['Accept'][0] === '') delete headers['Accept'];
  return { url: `${scheme}://${joinHostPort(host, port)}${path}`, scheme, host, port, path: path || '/', headers };
}
