import { failure, qualifiedResource, StatusError, type KubeObject } from '@kubeledger/api';
import { SYSTEM_MASTERS, type UserInfo } from '../../authentication/user-info.js';
import { sameValue } from '../../registry/validation/field-errors.js';
import type { Authorizer } from '../authorizer.js';
import { compactRules, compactString, covers } from './covers.js';
import { goQuote, goQuoteList } from './go-quote.js';
import { aggregateMessage, type RbacAuthorizer } from './rbac-authorizer.js';
import { ALL, RBAC_GROUP, clusterRoleSelectorsOf, roleRefOf, rulesOf, type PolicyRule, type RbacResource } from './rbac-types.js';

/** A create or update of an RBAC object, as the escalation check sees it. */
export interface EscalationRequest {
  readonly user: UserInfo;
  readonly resource: RbacResource;
  /** The request's namespace ('' for ClusterRoles and ClusterRoleBindings). */
  readonly namespace: string;
  /** The object to be written (after decoding and defaulting). */
  readonly object: KubeObject;
  /** The stored object, on update. */
  readonly old?: KubeObject;
}

export interface EscalationDeps {
  /** The whole authorizer chain: asked whether the user may `escalate` roles or `bind` the referenced role. */
  readonly authorizer: Authorizer;
  /** Whose rules the user holds, and which rules a roleRef grants. */
  readonly rules: Pick<RbacAuthorizer, 'policyRulesFor' | 'roleRefRules'>;
}

/** What an aggregationRule needs, since it can gather anything: `*` on everything (upstream's fullAuthority). */
const FULL_AUTHORITY: readonly PolicyRule[] = [
  { verbs: [ALL], apiGroups: [ALL], resources: [ALL] },
  { verbs: [ALL], nonResourceURLs: [ALL] },
];

/**
 * Upstream's RBAC escalation prevention (pkg/registry/rbac/{role,clusterrole,rolebinding,
 * clusterrolebinding}/policybased): a Role or ClusterRole may grant only what its author holds
 * (unless they may `escalate` it), a ClusterRole with an aggregationRule needs cluster-admin's
 * powers, and a binding may grant only a role whose rules its author holds (unless they may `bind`
 * it). `system:masters` may do anything; an update touching only ownerReferences and finalizers
 * (garbage collection) is not checked. Returns the 403 to answer, or undefined when allowed.
 */
export function checkEscalation(request: EscalationRequest, deps: EscalationDeps): StatusError | undefined {
  const { user, resource, namespace, object, old } = request;
  if (user.groups.includes(SYSTEM_MASTERS)) return undefined;
  if (old && onlyGarbageCollectionFields(object, old)) return undefined;
  const name = object.metadata?.name ?? '';
  const refuse = (why: string) =>
    new StatusError(failure('Forbidden', `${qualifiedResource({ group: RBAC_GROUP, resource })} ${goQuote(name)} is forbidden: ${why}`, { name, group: RBAC_GROUP, kind: resource }));
  const allowed = (verb: string, target: string, targetName: string) =>
    deps.authorizer.authorize({ user, verb, isResourceRequest: true, path: '', apiGroup: RBAC_GROUP, apiVersion: '*', resource: target, subresource: '', namespace, name: targetName }).decision === 'Allow';

  switch (resource) {
    case 'roles':
    case 'clusterroles': {
      if (allowed('escalate', resource, name)) return undefined;
      const missing = missingRules(user, namespace, rulesOf(object), deps);
      if (missing) return refuse(missing);
      const aggregated = resource === 'clusterroles' && (clusterRoleSelectorsOf(object) !== undefined || (old !== undefined && clusterRoleSelectorsOf(old) !== undefined));
      if (aggregated && missingRules(user, namespace, FULL_AUTHORITY, deps)) return refuse('must have cluster-admin privileges to use an aggregationRule');
      return undefined;
    }
    case 'rolebindings':
    case 'clusterrolebindings': {
      const roleRef = roleRefOf(object);
      const target = roleRef.kind === 'ClusterRole' ? 'clusterroles' : roleRef.kind === 'Role' ? 'roles' : undefined;
      if (target && allowed('bind', target, roleRef.name)) return undefined;
      const granted = deps.rules.roleRefRules(roleRef, namespace);
      if ('error' in granted) return refuse(granted.error);
      const missing = missingRules(user, namespace, granted.rules, deps);
      return missing ? refuse(missing) : undefined;
    }
    default: {
      const never: never = resource;
      throw new Error(`not an RBAC resource: ${String(never)}`);
    }
  }
}

/** ConfirmNoEscalation: why the user may not grant `rules` in `namespace`, or undefined when they hold them all. */
function missingRules(user: UserInfo, namespace: string, rules: readonly PolicyRule[], deps: EscalationDeps): string | undefined {
  const held = deps.rules.policyRulesFor(user, namespace);
  const { covered, uncovered } = covers(held.rules, rules);
  if (covered) return undefined;
  const lines = [...new Set(compactRules(uncovered).map(compactString))].sort();
  const message = `user ${goQuote(user.name)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  return held.errors.length ? `${message}; resolution errors: [${aggregateMessage(held.errors)}]` : message;
}

/** rbacregistry.IsOnlyMutatingGCFields: the update changes nothing but ownerReferences and finalizers (nor the bookkeeping fields). */
function onlyGarbageCollectionFields(object: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { ownerReferences: _o, finalizers: _f, selfLink: _s, managedFields: _m, resourceVersion: _r, ...metadata } = o.metadata ?? {};
    return { ...o, metadata };
  };
  return sameValue(strip(object), strip(old));
}
