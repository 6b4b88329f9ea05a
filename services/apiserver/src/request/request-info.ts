import { isValidPathSegmentName } from '@kubeledger/api';

/**
 * What a request is about, as upstream's RequestInfoFactory reads it from the method and path
 * (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go): authorization, admission and the
 * handlers all start from it.
 */
export interface RequestInfo {
  readonly isResourceRequest: boolean;
  /** The path, for non-resource requests. */
  readonly path: string;
  /** get list watch create update patch delete deletecollection — or the lower-case method for non-resource requests. */
  readonly verb: string;
  readonly apiPrefix: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
  /** The path parts from the resource on. */
  readonly parts: readonly string[];
}

const VERB_BY_METHOD: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
/** Deprecated path forms `/api/v1/watch/pods`, and `/proxy/…`. */
const SPECIAL_VERBS = new Set(['proxy', 'watch']);
const SPECIAL_VERBS_NO_SUBRESOURCES = new Set(['proxy']);
/** `namespaces/<ns>/status` and `/finalize` are subresources of the namespace, not resources in it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function requestInfo(method: string, url: string): RequestInfo {
  const parsed = new URL(url, 'http://x');
  const path = parsed.pathname;
  const nonResource: RequestInfo = {
    isResourceRequest: false, path, verb: method.toLowerCase(), apiPrefix: '', apiGroup: '', apiVersion: '',
    namespace: '', resource: '', subresource: '', name: '', parts: [],
  };
  let parts = path.replace(/^\/+|\/+$/g, '').split('/').filter((p, i, all) => p !== '' || all.length === 1).map(safeDecode);
  const prefix = parts[0];
  if (prefix !== 'api' && prefix !== 'apis') return nonResource;
  parts = parts.slice(1);
  let apiGroup = '';
  if (prefix === 'apis') {
    if (parts.length < 2) return nonResource; // /apis, /apis/<group>: discovery
    apiGroup = parts[0]!;
    parts = parts.slice(1);
  }
  if (parts.length < 2) return nonResource; // /api, /api/v1, /apis/<g>/<v>: discovery
  const apiVersion = parts[0]!;
  parts = parts.slice(1);

  const verbOfMethod = VERB_BY_METHOD[method.toUpperCase()];
  if (!verbOfMethod) return nonResource;
  let verb = verbOfMethod;
  if (SPECIAL_VERBS.has(parts[0]!)) {
    if (parts.length < 2) return nonResource;
    verb = parts[0]!;
    parts = parts.slice(1);
  }

  let namespace = '';
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      namespace = parts[1]!;
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
    }
  }

  let resource = '';
  let name = '';
  let subresource = '';
  if (parts.length >= 3 && !SPECIAL_VERBS_NO_SUBRESOURCES.has(verb)) subresource = parts[2]!;
  if (parts.length >= 2) name = parts[1]!;
  if (parts.length >= 1) resource = parts[0]!;

  if (name === '' && verb === 'get') {
    const watch = parsed.searchParams.get('watch');
    verb = watch === 'true' || watch === '1' ? 'watch' : 'list';
    const exact = exactNameFromFieldSelector(parsed.searchParams.get('fieldSelector'));
    if (exact !== undefined && isValidPathSegmentName(exact).length === 0) name = exact;
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection';

  return { isResourceRequest: true, path, verb, apiPrefix: prefix, apiGroup, apiVersion, namespace, resource, subresource, name, parts };
}

/** `metadata.name=x` (or `==`) as the only requirement on the name, as fields.Selector.RequiresExactMatch. */
function exactNameFromFieldSelector(selector: string | null): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term);
    if (m) return m[1];
  }
  return undefined;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
