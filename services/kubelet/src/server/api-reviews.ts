import type { KubeObject } from '@kubeledger/api';
import type { KubeClient, ResourceRef } from '@kubeledger/client';
import type { KubeletUser, TokenReviewer } from './authenticate-request.js';
import type { AccessReviewer } from './authorize-request.js';

const TOKEN_REVIEWS: ResourceRef = { group: 'authentication.k8s.io', version: 'v1', resource: 'tokenreviews', namespaced: false };
const SUBJECT_ACCESS_REVIEWS: ResourceRef = { group: 'authorization.k8s.io', version: 'v1', resource: 'subjectaccessreviews', namespaced: false };

interface TokenReview extends KubeObject {
  status?: { authenticated?: boolean; user?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> } };
}
interface SubjectAccessReview extends KubeObject {
  status?: { allowed?: boolean; denied?: boolean; reason?: string };
}

/** Bearer tokens checked with a TokenReview, with the kubelet's own identity (upstream's webhook token authenticator). */
export function tokenReviewer(client: KubeClient): TokenReviewer {
  return async (token) => {
    const review = await client.create<TokenReview>(TOKEN_REVIEWS, undefined, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } } as KubeObject);
    const user = review.status?.user;
    if (!review.status?.authenticated || !user?.username) return undefined;
    return { name: user.username, groups: user.groups ?? [], ...(user.uid && { uid: user.uid }), ...(user.extra && { extra: user.extra }) };
  };
}

/** Requests authorized with a SubjectAccessReview, with the kubelet's own identity (upstream's webhook authorizer). */
export function accessReviewer(client: KubeClient): AccessReviewer {
  return async (user: KubeletUser, a) => {
    const review = await client.create<SubjectAccessReview>(SUBJECT_ACCESS_REVIEWS, undefined, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: user.name,
        groups: [...user.groups],
        ...(user.uid && { uid: user.uid }),
        ...(user.extra && { extra: user.extra }),
        resourceAttributes: { verb: a.verb, group: '', version: 'v1', resource: a.resource, subresource: a.subresource, name: a.name },
      },
    } as KubeObject);
    return { allowed: review.status?.allowed === true, ...(review.status?.reason && { reason: review.status.reason }) };
  };
}
