import type { ResourceDefinition } from '../registry/resource-definition.js';
import type { RequestInfo } from '../request/request-info.js';
import { HISTORY_ROUTE } from '../request/history-request.js';

/**
 * The labels upstream's request metrics carry (k8s.io/apiserver/pkg/endpoints/metrics/metrics.go):
 * `apiserver_request_total` adds `code`; `apiserver_longrunning_requests` has no `dry_run`.
 */
// A type, not an interface, so that it is assignable to OpenTelemetry's Attributes.
export type RequestLabels = {
  readonly verb: string;
  readonly dry_run: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  readonly scope: '' | 'resource' | 'namespace' | 'cluster';
  readonly component: 'apiserver';
};

/** Subresources upstream reports as the CONNECT verb. */
const CONNECT_SUBRESOURCES = new Set(['log', 'exec', 'portforward', 'attach', 'proxy']);
/** Methods reported as themselves; anything else is `other`. */
const REPORTED_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT']);
const APPLY_PATCH = 'application/apply-patch+yaml';

export interface LabelInput {
  readonly method: string;
  readonly url: string;
  readonly contentType: string | undefined;
  readonly info: RequestInfo;
  /** The matched route's pattern, which names a non-resource request (`/healthz`, `/openapi/v3/*`); unset when nothing matched. */
  readonly route: string | undefined;
}

/**
 * Upstream's verb vocabulary: GET for one object, LIST for a collection, WATCH for `watch=…` or
 * the /watch/ path, POST, PUT, PATCH (APPLY for server-side apply), DELETE (a collection delete
 * too: upstream reports the method), CONNECT for log/exec/attach/portforward/proxy, `other`.
 * Scope is where the route points: `resource` when it names an object or creates one, `namespace`
 * for a collection in a namespace, `cluster` otherwise, empty for non-resource paths. Resources
 * (and subresources) the server does not serve get empty labels, so made-up paths cannot grow the
 * label sets without bound. A GET of an object's history (`/kubeledger/history/<object path>`,
 * whose request info is the object's) is labelled as the object's GET with subresource `history`.
 */
export function requestLabels(input: LabelInput, served: (group: string, version: string, resource: string) => ResourceDefinition | undefined): RequestLabels {
  const { info } = input;
  const method = input.method.toUpperCase();
  const query = new URL(input.url, 'http://x').searchParams;
  const definition = info.isResourceRequest ? served(info.apiGroup, info.apiVersion, info.resource) : undefined;
  const subresourceServed = !info.subresource || definition?.subresources?.some((s) => s.name === info.subresource);
  const resourceLabels = definition && subresourceServed;
  const scope = !info.isResourceRequest ? '' : info.parts.length >= 2 || method === 'POST' ? 'resource' : info.namespace ? 'namespace' : 'cluster';

  let verb: string;
  if (method === 'GET' || method === 'HEAD') verb = scope === 'resource' || scope === '' ? 'GET' : 'LIST';
  else verb = REPORTED_METHODS.has(method) ? method : 'other';
  if (info.verb === 'watch' || (method === 'GET' && isWatchParam(query.get('watch')))) verb = 'WATCH';
  else if (method === 'PATCH' && input.contentType?.split(';')[0]?.trim().toLowerCase() === APPLY_PATCH) verb = 'APPLY';
  else if (info.isResourceRequest && CONNECT_SUBRESOURCES.has(info.subresource)) verb = 'CONNECT';

  return {
    verb,
    dry_run: dryRunLabel(query.getAll('dryRun')),
    group: resourceLabels ? info.apiGroup : '',
    version: resourceLabels ? info.apiVersion : '',
    resource: resourceLabels ? info.resource : '',
    subresource: resourceLabels ? (input.route === HISTORY_ROUTE ? 'history' : info.subresource) : info.isResourceRequest ? '' : (input.route ?? ''),
    scope: resourceLabels || !info.isResourceRequest ? scope : '',
    component: 'apiserver',
  };
}

/** `watch=<anything but 0 or false>`, as Convert_Slice_string_To_bool reads it. */
function isWatchParam(value: string | null): boolean {
  if (value === null) return false;
  const v = value.toLowerCase();
  return v !== '0' && v !== 'false';
}

/** cleanDryRun: the sorted distinct values, or `invalid` when one is not `All`. */
function dryRunLabel(values: readonly string[]): string {
  if (values.length === 0) return '';
  if (values.some((v) => v !== 'All')) return 'invalid';
  return 'All';
}
