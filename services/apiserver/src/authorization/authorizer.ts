import type { FieldRequirement } from '@kubeledger/api';
import type { UserInfo } from '../authentication/user-info.js';

/**
 * What an authorizer is asked, as upstream's authorizer.Attributes: who, and either a resource
 * request (verb, API group, resource, subresource, namespace, name) or a non-resource one (verb
 * and path). Field and label selectors are there for the Node authorizer's list/watch of pods.
 */
export interface Attributes {
  readonly user: UserInfo;
  readonly verb: string;
  readonly isResourceRequest: boolean;
  /** For non-resource requests: the URL path, e.g. `/healthz`. */
  readonly path: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  /** The request's field selector requirements (`spec.nodeName=n1`), when it has one. */
  readonly fieldSelector?: readonly FieldRequirement[];
}

export type Decision = 'Allow' | 'Deny' | 'NoOpinion';

export interface AuthorizationResult {
  readonly decision: Decision;
  /** Why (empty when nothing to say); upstream puts it after the forbidden message. */
  readonly reason: string;
  /**
   * Not allowed because of what the watch cache shows of the cluster (the Node authorizer's pod
   * relationships), which may lag the log: worth asking again once the cache has caught up.
   */
  readonly fromCache?: boolean;
}

/** One authorizer of the chain (upstream's authorizer.Authorizer). */
export interface Authorizer {
  authorize(attributes: Attributes): AuthorizationResult;
}

/** Asks each authorizer in turn; the first Allow or Deny decides (upstream's union authorizer). */
export function unionAuthorizer(authorizers: readonly Authorizer[]): Authorizer {
  return {
    authorize(attributes) {
      const reasons: string[] = [];
      let fromCache = false;
      for (const authorizer of authorizers) {
        const result = authorizer.authorize(attributes);
        if (result.decision !== 'NoOpinion') return result;
        if (result.reason) reasons.push(result.reason);
        fromCache ||= result.fromCache === true;
      }
      return { decision: 'NoOpinion', reason: reasons.join('\n'), ...(fromCache && { fromCache }) };
    },
  };
}
