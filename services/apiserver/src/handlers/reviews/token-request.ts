import { badRequest, conflict, invalid, notFound, rfc3339, type KubeObject } from '@kubeledger/api';
import type { BoundObject } from '../../authentication/service-account-tokens.js';
import { nowTimestamp } from '../../registry/before-write.js';
import { invalidValue, notSupported, required } from '../../registry/validation/field-errors.js';
import type { ReviewDeps } from './review-deps.js';
import { tokenLifetime } from './token-expiration.js';

interface TokenRequestSpec {
  audiences?: string[] | null;
  expirationSeconds?: number | null;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } | null;
}

/** Upstream's bounds on expirationSeconds (the defaulting gives one hour). */
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
const BOUND_KINDS: Record<string, { resource: 'pods' | 'secrets' | 'nodes'; apiVersion: string }> = {
  Pod: { resource: 'pods', apiVersion: 'v1' },
  Secret: { resource: 'secrets', apiVersion: 'v1' },
  Node: { resource: 'nodes', apiVersion: 'v1' },
};
const TOKEN_REQUEST = { group: 'authentication.k8s.io', kind: 'TokenRequest' };

/**
 * POST serviceaccounts/<name>/token (upstream's TokenREST, `kubectl create token`): a signed
 * ServiceAccount token for the audiences asked (the apiserver's own by default), valid for
 * `expirationSeconds` (1 h by default, at least 10 min, shortened to the max expiration with a
 * warning pushed on `warnings`), optionally bound to a Pod (which must run as this
 * ServiceAccount), Secret or Node that must exist (and have the uid given): the token stops working
 * when that object goes. A pod-bound token for the API asked for the projected volume's 3607 s
 * lives a year when extending (token-expiration.ts).
 */
export async function tokenRequest(namespace: string, serviceAccountName: string, body: KubeObject, deps: ReviewDeps, warnings: string[] = []): Promise<KubeObject> {
  const spec = (body['spec'] ?? {}) as TokenRequestSpec;
  if (body.metadata?.name && body.metadata.name !== serviceAccountName) throw badRequest('name in URL does not match name in TokenRequest object');
  const requestedSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  const errors = [];
  if (requestedSeconds < MIN_EXPIRATION_SECONDS) errors.push(invalidValue('spec.expirationSeconds', requestedSeconds, 'may not specify a duration less than 10 minutes'));
  if (requestedSeconds > MAX_EXPIRATION_SECONDS) errors.push(invalidValue('spec.expirationSeconds', requestedSeconds, 'may not specify a duration larger than 2^32 seconds'));
  const ref = spec.boundObjectRef ?? undefined;
  if (ref) {
    if (!ref.kind) errors.push(required('spec.boundObjectRef.kind'));
    else if (!BOUND_KINDS[ref.kind]) errors.push(notSupported('spec.boundObjectRef.kind', ref.kind, Object.keys(BOUND_KINDS)));
    if (!ref.name) errors.push(required('spec.boundObjectRef.name'));
  }
  if (errors.length) throw invalid(TOKEN_REQUEST, serviceAccountName, errors);

  const sa = await deps.read('serviceaccounts', namespace, serviceAccountName);
  if (!sa) throw notFound({ group: '', resource: 'serviceaccounts' }, serviceAccountName);
  let bound: BoundObject | undefined;
  let node: { name: string; uid: string } | undefined;
  if (ref) {
    const { resource, apiVersion } = BOUND_KINDS[ref.kind!]!;
    if (ref.apiVersion && ref.apiVersion !== apiVersion) throw badRequest(`cannot bind token for object of type ${ref.apiVersion}, Kind=${ref.kind}`);
    const target = await deps.read(resource, resource === 'nodes' ? '' : namespace, ref.name!);
    if (!target) throw notFound({ group: '', resource }, ref.name!);
    const uid = target.metadata?.uid ?? '';
    if (ref.uid && ref.uid !== uid) {
      throw conflict({ group: '', resource }, ref.name!, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    }
    const podSpec = (target['spec'] ?? {}) as { nodeName?: string; serviceAccountName?: string };
    if (ref.kind === 'Pod' && (podSpec.serviceAccountName ?? '') !== serviceAccountName) {
      throw badRequest(`cannot bind token for serviceaccount ${JSON.stringify(serviceAccountName)} to pod running with different serviceaccount name.`);
    }
    bound = { kind: ref.kind as BoundObject['kind'], name: ref.name!, uid };
    const nodeName = podSpec.nodeName;
    if (ref.kind === 'Pod' && nodeName) {
      const nodeObject = await deps.read('nodes', '', nodeName);
      if (nodeObject?.metadata?.uid) node = { name: nodeName, uid: nodeObject.metadata.uid };
    }
  }
  const audiences = spec.audiences?.length ? spec.audiences : [...deps.serviceAccountTokens.apiAudiences];
  const apiAudiencesOnly = audiences.every((a) => deps.serviceAccountTokens.apiAudiences.includes(a));
  const lifetime = tokenLifetime(requestedSeconds, { podBound: bound?.kind === 'Pod', apiAudiencesOnly }, deps.tokenExpiration);
  if (lifetime.warning) warnings.push(lifetime.warning);
  const { expirationSeconds } = lifetime;
  const now = new Date();
  const { token } = await deps.serviceAccountTokens.issue(
    {
      namespace,
      serviceAccount: { name: serviceAccountName, uid: sa.metadata?.uid ?? '' },
      audiences,
      expirationSeconds: lifetime.tokenSeconds,
      ...(lifetime.warnAfterSeconds && { warnAfterSeconds: lifetime.warnAfterSeconds }),
      ...(bound && { bound }),
      ...(node && { node }),
    },
    now,
  );
  // The status gives the expiry asked (after the cap), also for an extended token.
  const expirationTimestamp = rfc3339((Math.floor(now.getTime() / 1000) + expirationSeconds) * 1000);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: serviceAccountName, namespace, creationTimestamp: nowTimestamp() },
    spec: { audiences, expirationSeconds, boundObjectRef: ref ? { kind: ref.kind, apiVersion: ref.apiVersion ?? BOUND_KINDS[ref.kind!]!.apiVersion, name: ref.name, uid: bound!.uid } : null },
    status: { token, expirationTimestamp },
  };
}
