import type { KubeObject } from '@kubeledger/api';
import { invalid } from '@kubeledger/api';
import { AuthenticationError } from '../../authentication/authenticator.js';
import type { UserInfo } from '../../authentication/user-info.js';
import { required } from '../../registry/validation/field-errors.js';
import type { ReviewDeps } from './review-deps.js';

/** The `authentication.k8s.io/v1` UserInfo of a user, as reviews report it. */
export function userInfoStatus(user: UserInfo): Record<string, unknown> {
  return {
    username: user.name,
    ...(user.uid && { uid: user.uid }),
    groups: [...user.groups],
    ...(user.extra && Object.keys(user.extra).length > 0 && { extra: user.extra }),
  };
}

/** SelfSubjectReview (`kubectl auth whoami`): who the server takes the requester for. */
export function selfSubjectReview(review: KubeObject, requester: UserInfo): KubeObject {
  return { ...review, apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: { ...review.metadata }, status: { userInfo: userInfoStatus(requester) } };
}

/**
 * TokenReview (upstream's tokenreview REST): whether a bearer token authenticates, for the
 * audiences asked (the apiserver's own when none), and as whom. A bad token is not an error of
 * the review: it answers `authenticated: false` with the reason.
 */
export async function tokenReview(review: KubeObject, deps: ReviewDeps): Promise<KubeObject> {
  const spec = (review['spec'] ?? {}) as { token?: string; audiences?: string[] | null };
  if (!spec.token) throw invalid({ group: 'authentication.k8s.io', kind: 'TokenReview' }, review.metadata?.name ?? '', [required('spec.token')]);
  const audiences = spec.audiences?.length ? spec.audiences : deps.serviceAccountTokens.apiAudiences;
  let status: Record<string, unknown>;
  try {
    const user = await deps.authenticateToken(spec.token, audiences);
    status = user
      ? { authenticated: true, user: userInfoStatus(user), audiences: [...audiences] }
      : { user: {}, error: 'invalid bearer token' };
  } catch (err) {
    if (!(err instanceof AuthenticationError)) throw err;
    status = { user: {}, error: `[invalid bearer token, ${err.message}]` };
  }
  return { ...review, apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', metadata: { ...review.metadata }, status };
}
