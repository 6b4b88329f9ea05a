import type { KubeObject } from '@kubeledger/api';
import { SYSTEM_MASTERS, type UserInfo } from '../../authentication/user-info.js';
import type { Attributes, AuthorizationResult, Authorizer } from '../authorizer.js';
import { aggregatedRules } from './aggregation.js';
import { BindingIndex, userKeys, type BindingEntry } from './binding-index.js';
import { goQuote } from './go-quote.js';
import { clusterRoleSelectorsOf, roleRefOf, rulesOf, subjectsOf, type NonResourceRule, type PolicyRule, type RbacResource, type ResourceRule, type RoleRef } from './rbac-types.js';
import { rulesAllow } from './rule-matching.js';
import { describeSubject, firstApplyingSubject } from './subject-matching.js';

/** What SelfSubjectRulesReview reports for a user in a namespace. */
export interface RulesForResult {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  /** Always false for RBAC, as upstream: rules that could not be resolved are reported in `evaluationError`. */
  incomplete: boolean;
  /** Why some bindings' rules are missing (a role that does not exist), as upstream's evaluationError. */
  evaluationError?: string;
}

/** A role reference's rules, or why it has none (the role does not exist, an unknown kind). */
export type Resolved = { readonly rules: readonly PolicyRule[] } | { readonly error: string };

const key = (namespace: string, name: string): string => `${namespace}/${name}`;

/** utilerrors.NewAggregate(...).Error(): one message as is, several (deduplicated) as `[a, b]`. */
export function aggregateMessage(messages: readonly string[]): string {
  const distinct = [...new Set(messages)];
  return distinct.length === 1 ? distinct[0]! : `[${distinct.join(', ')}]`;
}

/**
 * Upstream's RBAC authorizer over an in-memory copy of the cluster's Roles, ClusterRoles and
 * bindings, kept current by whoever watches them (upsert/remove/replace). Bindings are indexed by
 * subject (user name, group, service account), so a decision looks only at the bindings that name
 * the user or one of its groups. Members of `system:masters` are allowed everything, as upstream's
 * privileged-group authorizer allows them. A ClusterRole with an aggregationRule is evaluated with
 * the rules the aggregation controller would give it.
 */
export class RbacAuthorizer implements Authorizer {
  readonly #roles = new Map<string, readonly PolicyRule[]>();
  readonly #clusterRoles = new Map<string, KubeObject>();
  /** Rules of each ClusterRole, aggregated ones resolved: filled on use, dropped when any ClusterRole changes. */
  readonly #clusterRoleRules = new Map<string, readonly PolicyRule[]>();
  readonly #clusterBindings = new Map<string, BindingEntry>();
  readonly #clusterBindingIndex = new BindingIndex();
  readonly #roleBindings = new Map<string, BindingEntry>();
  /** Role bindings by namespace, each namespace's by subject. */
  readonly #roleBindingIndex = new Map<string, BindingIndex>();

  /** Adds or replaces one object (a watch ADDED or MODIFIED event). */
  upsert(resource: RbacResource, object: KubeObject): void {
    const name = object.metadata?.name ?? '';
    const namespace = object.metadata?.namespace ?? '';
    switch (resource) {
      case 'roles':
        this.#roles.set(key(namespace, name), rulesOf(object));
        return;
      case 'clusterroles':
        this.#clusterRoles.set(name, object);
        this.#clusterRoleRules.clear();
        return;
      case 'rolebindings':
      case 'clusterrolebindings': {
        this.remove(resource, namespace, name);
        const cluster = resource === 'clusterrolebindings';
        const binding: BindingEntry = {
          kind: cluster ? 'ClusterRoleBinding' : 'RoleBinding',
          name,
          namespace: cluster ? '' : namespace,
          roleRef: roleRefOf(object),
          subjects: subjectsOf(object),
        };
        if (cluster) {
          this.#clusterBindings.set(name, binding);
          this.#clusterBindingIndex.add(binding);
        } else {
          this.#roleBindings.set(key(namespace, name), binding);
          let index = this.#roleBindingIndex.get(namespace);
          if (!index) this.#roleBindingIndex.set(namespace, (index = new BindingIndex()));
          index.add(binding);
        }
        return;
      }
      default: {
        const never: never = resource;
        throw new Error(`not an RBAC resource: ${String(never)}`);
      }
    }
  }

  /** Forgets one object (a watch DELETED event); `namespace` is '' for cluster-scoped ones. */
  remove(resource: RbacResource, namespace: string, name: string): void {
    switch (resource) {
      case 'roles':
        this.#roles.delete(key(namespace, name));
        return;
      case 'clusterroles':
        if (this.#clusterRoles.delete(name)) this.#clusterRoleRules.clear();
        return;
      case 'clusterrolebindings': {
        const old = this.#clusterBindings.get(name);
        if (!old) return;
        this.#clusterBindings.delete(name);
        this.#clusterBindingIndex.delete(old);
        return;
      }
      case 'rolebindings': {
        const old = this.#roleBindings.get(key(namespace, name));
        if (!old) return;
        this.#roleBindings.delete(key(namespace, name));
        const index = this.#roleBindingIndex.get(namespace)!;
        index.delete(old);
        if (index.empty) this.#roleBindingIndex.delete(namespace);
        return;
      }
      default: {
        const never: never = resource;
        throw new Error(`not an RBAC resource: ${String(never)}`);
      }
    }
  }

  /** Replaces everything held of one resource (a relist). */
  replace(resource: RbacResource, objects: Iterable<KubeObject>): void {
    for (const [namespace, name] of this.#held(resource)) this.remove(resource, namespace, name);
    for (const object of objects) this.upsert(resource, object);
  }

  #held(resource: RbacResource): Array<readonly [string, string]> {
    const split = (k: string) => [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)] as const;
    const cluster = (name: string) => ['', name] as const;
    switch (resource) {
      case 'roles':
        return [...this.#roles.keys()].map(split);
      case 'rolebindings':
        return [...this.#roleBindings.keys()].map(split);
      case 'clusterroles':
        return [...this.#clusterRoles.keys()].map(cluster);
      case 'clusterrolebindings':
        return [...this.#clusterBindings.keys()].map(cluster);
      default: {
        const never: never = resource;
        throw new Error(`not an RBAC resource: ${String(never)}`);
      }
    }
  }

  authorize(attributes: Attributes): AuthorizationResult {
    const { user } = attributes;
    if (user.groups.includes(SYSTEM_MASTERS)) return { decision: 'Allow', reason: '' };
    const keys = userKeys(user);
    const errors: string[] = [];
    const allowedBy =
      (this.#clusterBindingIndex.empty ? undefined : this.#firstAllowing(this.#clusterBindingIndex.find(keys), attributes, errors)) ??
      (attributes.namespace ? this.#firstAllowing(this.#roleBindingIndex.get(attributes.namespace)?.find(keys), attributes, errors) : undefined);
    if (allowedBy) return { decision: 'Allow', reason: `RBAC: allowed by ${describeBinding(allowedBy, user)}` };
    return { decision: 'NoOpinion', reason: errors.length ? `RBAC: ${aggregateMessage(errors)}` : '' };
  }

  /** The first binding whose rules allow the request; bindings whose role cannot be found add to `errors`. */
  #firstAllowing(bindings: Iterable<BindingEntry> | undefined, attributes: Attributes, errors: string[]): BindingEntry | undefined {
    for (const binding of bindings ?? []) {
      const resolved = this.#resolve(binding.roleRef, binding.namespace);
      if ('error' in resolved) errors.push(resolved.error);
      else if (rulesAllow(attributes, resolved.rules)) return binding;
    }
    return undefined;
  }

  /**
   * The rules that apply to a user in a namespace ('' for cluster-wide ones only), as
   * SelfSubjectRulesReview lists them: those of the ClusterRoleBindings naming it, then those of
   * the namespace's RoleBindings (upstream's RBACAuthorizer.RulesFor).
   */
  rulesFor(user: UserInfo, namespace: string): RulesForResult {
    const { rules, errors } = this.policyRulesFor(user, namespace);
    const resourceRules: ResourceRule[] = [];
    const nonResourceRules: NonResourceRule[] = [];
    for (const rule of rules) {
      if (rule.resources?.length) {
        resourceRules.push({
          verbs: [...rule.verbs],
          ...(rule.apiGroups?.length && { apiGroups: [...rule.apiGroups] }),
          resources: [...rule.resources],
          ...(rule.resourceNames?.length && { resourceNames: [...rule.resourceNames] }),
        });
      }
      if (rule.nonResourceURLs?.length) nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...rule.nonResourceURLs] });
    }
    return { resourceRules, nonResourceRules, incomplete: false, ...(errors.length && { evaluationError: aggregateMessage(errors) }) };
  }

  /** The policy rules that apply to a user in a namespace, and why some could not be found (upstream's rule resolver RulesFor). */
  policyRulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const keys = userKeys(user);
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    const bindings = [...this.#clusterBindingIndex.find(keys), ...(namespace ? (this.#roleBindingIndex.get(namespace)?.find(keys) ?? []) : [])];
    for (const binding of bindings) {
      const resolved = this.#resolve(binding.roleRef, binding.namespace);
      if ('error' in resolved) errors.push(resolved.error);
      else rules.push(...resolved.rules);
    }
    return { rules, errors };
  }

  /** The rules a role reference grants in a binding's namespace ('' for ClusterRoleBindings), or why there are none. */
  roleRefRules(roleRef: RoleRef, bindingNamespace: string): Resolved {
    return this.#resolve(roleRef, bindingNamespace);
  }

  /** The rules a role reference grants (upstream's GetRoleReferenceRules), or why there are none. */
  #resolve(roleRef: RoleRef, bindingNamespace: string): Resolved {
    const { kind, name } = roleRef;
    switch (kind) {
      case 'Role': {
        const rules = this.#roles.get(key(bindingNamespace, name));
        return rules ? { rules } : { error: `role.rbac.authorization.k8s.io ${goQuote(name)} not found` };
      }
      case 'ClusterRole': {
        const rules = this.#clusterRoleRulesOf(name);
        return rules ? { rules } : { error: `clusterrole.rbac.authorization.k8s.io ${goQuote(name)} not found` };
      }
      default:
        return { error: `unsupported role reference kind: ${goQuote(kind)}` };
    }
  }

  #clusterRoleRulesOf(name: string): readonly PolicyRule[] | undefined {
    const cached = this.#clusterRoleRules.get(name);
    if (cached) return cached;
    const role = this.#clusterRoles.get(name);
    if (!role) return undefined;
    const rules = clusterRoleSelectorsOf(role) === undefined ? rulesOf(role) : aggregatedRules(role, this.#clusterRoles.values());
    this.#clusterRoleRules.set(name, rules);
    return rules;
  }
}

/** `ClusterRoleBinding "x" of ClusterRole "y" to User "z"`, `RoleBinding "x/ns" of Role "y" to Group "g"` (upstream's describers). */
function describeBinding(binding: BindingEntry, user: UserInfo): string {
  const subject = firstApplyingSubject(user, binding.subjects, binding.namespace)!;
  const name = binding.kind === 'RoleBinding' ? `${binding.name}/${binding.namespace}` : binding.name;
  return `${binding.kind} ${goQuote(name)} of ${binding.roleRef.kind} ${goQuote(binding.roleRef.name)} to ${describeSubject(subject, binding.namespace)}`;
}
