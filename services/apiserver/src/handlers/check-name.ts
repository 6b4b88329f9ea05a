import { badRequest, type KubeObject } from '@kubeledger/api';

/** A PUT or PATCH result must name the object the URL names (upstream's checkName): else 400. */
export function assertNameMatchesUrl(object: KubeObject, urlName: string): void {
  const bodyName = object.metadata?.name ?? '';
  if (bodyName !== urlName) throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${urlName})`);
}
