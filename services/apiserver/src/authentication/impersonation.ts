import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '@kubeledger/api';
import type { Attributes, Authorizer } from '../authorization/authorizer.js';
import { forbiddenError } from '../authorization/forbidden-message.js';
import { SYSTEM_AUTHENTICATED, SYSTEM_UNAUTHENTICATED, type UserInfo } from './user-info.js';

const EXTRA_PREFIX = 'impersonate-extra-';
const SERVICE_ACCOUNT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/**
 * Impersonation (upstream's WithImpersonation), after authentication: `Impersonate-User`,
 * `Impersonate-Uid`, `Impersonate-Group` and `Impersonate-Extra-<key>` headers make the request
 * act as that user, when the authenticated user may `impersonate` each of them (users — or the
 * serviceaccount, for `system:serviceaccount:<ns>:<name>` — groups, uids, userextras/<key>);
 * otherwise 403 naming the first one refused. The event log records both users.
 */
export function registerImpersonation(app: FastifyInstance, authorizer: Authorizer): void {
  app.addHook('onRequest', async (request) => {
    const wanted = impersonationOf(request);
    if (!wanted) return;
    for (const attributes of checksFor(request.user, wanted)) {
      const { decision, reason } = authorizer.authorize(attributes);
      if (decision !== 'Allow') throw forbiddenError(attributes, reason);
    }
    request.impersonator = request.user;
    request.user = impersonatedUser(wanted);
  });
}

interface Impersonation {
  readonly name: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

function impersonationOf(request: FastifyRequest): Impersonation | undefined {
  const headers = request.headers;
  const all = (name: string) => {
    const value = headers[name];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  const [name] = all('impersonate-user');
  const [uid] = all('impersonate-uid');
  const groups = all('impersonate-group');
  const extra: Record<string, string[]> = {};
  for (const header of Object.keys(headers)) {
    if (!header.startsWith(EXTRA_PREFIX)) continue;
    extra[decodeURIComponent(header.slice(EXTRA_PREFIX.length))] = all(header);
  }
  if (name === undefined) {
    if (uid !== undefined || groups.length > 0 || Object.keys(extra).length > 0) throw badRequest('requested impersonation of groups, a uid or extra values without impersonating a user');
    return undefined;
  }
  return { name, ...(uid !== undefined && { uid }), groups, extra };
}

/** One `impersonate` check per thing impersonated, as upstream asks them. */
function checksFor(user: UserInfo, wanted: Impersonation): Attributes[] {
  const check = (apiGroup: string, resource: string, name: string, extra: Partial<Attributes> = {}): Attributes => ({
    user, verb: 'impersonate', isResourceRequest: true, path: '', apiGroup, apiVersion: '', resource, subresource: '', namespace: '', name, ...extra,
  });
  const checks: Attributes[] = [];
  const sa = SERVICE_ACCOUNT.exec(wanted.name);
  checks.push(sa ? check('', 'serviceaccounts', sa[2]!, { namespace: sa[1]! }) : check('', 'users', wanted.name));
  for (const group of wanted.groups) checks.push(check('', 'groups', group));
  if (wanted.uid !== undefined) checks.push(check('authentication.k8s.io', 'uids', wanted.uid));
  for (const [key, values] of Object.entries(wanted.extra)) for (const value of values) checks.push(check('authentication.k8s.io', 'userextras', value, { subresource: key }));
  return checks;
}

function impersonatedUser(wanted: Impersonation): UserInfo {
  const groups = [...wanted.groups];
  const sa = SERVICE_ACCOUNT.exec(wanted.name);
  if (sa && groups.length === 0) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  const membership = wanted.name === 'system:anonymous' ? SYSTEM_UNAUTHENTICATED : SYSTEM_AUTHENTICATED;
  if (!groups.includes(membership)) groups.push(membership);
  return { name: wanted.name, ...(wanted.uid !== undefined && { uid: wanted.uid }), groups, ...(Object.keys(wanted.extra).length > 0 && { extra: wanted.extra }) };
}
