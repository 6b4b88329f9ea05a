import { invalid, type KubeObject } from '@kubeledger/api';
import type { UserInfo } from '../../authentication/user-info.js';
import type { Attributes } from '../../authorization/authorizer.js';
import { invalidValue, required } from '../../registry/validation/field-errors.js';
import type { ReviewDeps } from './review-deps.js';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}
interface NonResourceAttributes {
  path?: string;
  verb?: string;
}
interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributes | null;
  nonResourceAttributes?: NonResourceAttributes | null;
  user?: string;
  groups?: string[] | null;
  uid?: string;
  extra?: Record<string, string[]> | null;
}

const AUTHORIZATION = { group: 'authorization.k8s.io' };

/**
 * SubjectAccessReview, SelfSubjectAccessReview and LocalSubjectAccessReview (upstream's
 * subjectaccessreview REST): whether a user may do something, asked of the same authorizers that
 * guard every request. Answers the review with `status` {allowed, denied, reason}.
 */
export function accessReview(kind: 'SubjectAccessReview' | 'SelfSubjectAccessReview' | 'LocalSubjectAccessReview', review: KubeObject, requester: UserInfo, namespace: string, deps: ReviewDeps): KubeObject {
  const spec = (review['spec'] ?? {}) as AccessReviewSpec;
  const errors = [];
  const resource = spec.resourceAttributes ?? undefined;
  const nonResource = spec.nonResourceAttributes ?? undefined;
  if (!resource && !nonResource) errors.push(required('spec.resourceAttributes', 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  if (resource && nonResource) errors.push(invalidValue('spec.nonResourceAttributes', nonResource, 'cannot be specified in combination with resourceAttributes'));
  if (kind === 'SubjectAccessReview' && !spec.user && !(spec.groups ?? []).length) errors.push(invalidValue('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
  if (kind === 'LocalSubjectAccessReview' && resource && (resource.namespace ?? '') !== namespace) {
    errors.push(invalidValue('spec.resourceAttributes.namespace', resource.namespace ?? '', 'must match metadata.namespace'));
  }
  if (errors.length) throw invalid({ group: AUTHORIZATION.group, kind }, review.metadata?.name ?? '', errors);

  const user: UserInfo =
    kind === 'SelfSubjectAccessReview'
      ? requester
      : { name: spec.user ?? '', groups: spec.groups ?? [], ...(spec.uid && { uid: spec.uid }), ...(spec.extra && { extra: spec.extra }) };
  const attributes: Attributes = resource
    ? {
        user, verb: resource.verb ?? '', isResourceRequest: true, path: '', apiGroup: resource.group ?? '', apiVersion: resource.version ?? '',
        resource: resource.resource ?? '', subresource: resource.subresource ?? '', namespace: resource.namespace ?? '', name: resource.name ?? '',
      }
    : { user, verb: nonResource!.verb ?? '', isResourceRequest: false, path: nonResource!.path ?? '', apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '' };
  const { decision, reason } = deps.authorizer.authorize(attributes);
  return {
    ...review,
    apiVersion: 'authorization.k8s.io/v1',
    kind,
    metadata: { ...review.metadata },
    status: { allowed: decision === 'Allow', ...(decision === 'Deny' && { denied: true }), ...(reason && { reason }) },
  };
}

/** SelfSubjectRulesReview: what the requester may do in a namespace, as RBAC lists it. */
export function rulesReview(review: KubeObject, requester: UserInfo, deps: ReviewDeps): KubeObject {
  const namespace = ((review['spec'] ?? {}) as { namespace?: string }).namespace ?? '';
  const rules = deps.rulesFor(requester, namespace);
  return {
    ...review,
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    metadata: { ...review.metadata },
    status: { resourceRules: rules.resourceRules, nonResourceRules: rules.nonResourceRules, incomplete: rules.incomplete, ...(rules.evaluationError && { evaluationError: rules.evaluationError }) },
  };
}
