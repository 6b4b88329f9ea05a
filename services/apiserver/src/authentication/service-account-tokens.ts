import { rfc3339 } from '@kubeledger/api';
import { meter } from '@kubeledger/telemetry';
import type { Counter } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, importPKCS8, importSPKI, jwtVerify, decodeJwt, type CryptoKey } from 'jose';
import { AuthenticationError, bearerToken, type Authenticator } from './authenticator.js';
import type { UserInfo } from './user-info.js';

/** Upstream's default issuer and, when --api-audiences is unset, the audience tokens must name. */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const ALGORITHM = 'ES256';
/** The expiry projected tokens are asked for (1 h 7 s, upstream's WarnOnlyBoundTokenExpirationSeconds): the mark of a token TokenRequest may extend. */
export const WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 60 * 60 + 7;
/** How long an extended token lives (a year, upstream's ExpirationExtensionSeconds), for clients that do not reload their tokens. */
export const EXPIRATION_EXTENSION_SECONDS = 365 * 24 * 60 * 60;

/** The object a token is bound to (TokenRequest's boundObjectRef): the token dies with it. */
export interface BoundObject {
  readonly kind: 'Pod' | 'Secret' | 'Node';
  readonly name: string;
  readonly uid: string;
}

export interface TokenClaims {
  readonly namespace: string;
  readonly serviceAccount: { readonly name: string; readonly uid: string };
  readonly audiences: readonly string[];
  /** The token's lifetime (`exp` - `iat`). */
  readonly expirationSeconds: number;
  /** An extended token's `warnafter`: seconds after issue past which using it is stale (upstream only counts and audits that). */
  readonly warnAfterSeconds?: number;
  readonly bound?: BoundObject;
  /** For a pod-bound token: the pod's node, as upstream records it. */
  readonly node?: { readonly name: string; readonly uid: string };
}

/** The private claim upstream puts under `kubernetes.io`. */
interface KubernetesClaim {
  namespace: string;
  serviceaccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  secret?: { name: string; uid: string };
  node?: { name: string; uid: string };
  /** NumericDate after which the (extended) token is stale: still accepted. */
  warnafter?: number;
}

/** Whether the objects a token names still exist, with the same uids (read through the API's cache). */
export interface TokenObjects {
  serviceAccountUid(namespace: string, name: string): Promise<string | undefined>;
  boundObjectUid(namespace: string, kind: BoundObject['kind'], name: string): Promise<string | undefined>;
}

/**
 * ServiceAccount tokens: JWTs the apiserver signs (ES256, the cluster's ServiceAccount key) with
 * upstream's claims — `sub: system:serviceaccount:<ns>:<name>`, audiences, expiry, and the
 * `kubernetes.io` claim naming the ServiceAccount and the object the token is bound to — and
 * checks on every request: signature, issuer, audience, expiry, and that the ServiceAccount and
 * the bound object still exist with the uids in the token.
 */
export class ServiceAccountTokens {
  readonly issuer: string;
  /** What a token must be for to be accepted by this apiserver (--api-audiences). */
  readonly apiAudiences: readonly string[];
  readonly #privateKey: CryptoKey;
  readonly #publicKey: CryptoKey;

  private constructor(privateKey: CryptoKey, publicKey: CryptoKey, issuer: string, apiAudiences: readonly string[]) {
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    this.issuer = issuer;
    this.apiAudiences = apiAudiences;
  }

  static async fromPem(keys: { privateKeyPem: string; publicKeyPem: string }, issuer = DEFAULT_ISSUER, apiAudiences: readonly string[] = [issuer]): Promise<ServiceAccountTokens> {
    return new ServiceAccountTokens(await importPKCS8(keys.privateKeyPem, ALGORITHM), await importSPKI(keys.publicKeyPem, ALGORITHM), issuer, apiAudiences);
  }

  /** Signs a token; returns it with its expiry (RFC 3339, whole seconds). */
  async issue(claims: TokenClaims, now = new Date()): Promise<{ token: string; expirationTimestamp: string }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expires = issuedAt + claims.expirationSeconds;
    const kubernetes: KubernetesClaim = { namespace: claims.namespace, serviceaccount: { ...claims.serviceAccount } };
    if (claims.bound?.kind === 'Pod') kubernetes.pod = { name: claims.bound.name, uid: claims.bound.uid };
    if (claims.bound?.kind === 'Secret') kubernetes.secret = { name: claims.bound.name, uid: claims.bound.uid };
    if (claims.bound?.kind === 'Node' || claims.node) kubernetes.node = claims.bound?.kind === 'Node' ? { name: claims.bound.name, uid: claims.bound.uid } : { ...claims.node! };
    if (claims.warnAfterSeconds) kubernetes.warnafter = issuedAt + claims.warnAfterSeconds;
    const token = await new SignJWT({ 'kubernetes.io': kubernetes })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setSubject(serviceAccountUser(claims.namespace, claims.serviceAccount.name))
      .setAudience([...claims.audiences])
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(expires)
      .setJti(randomUUID())
      .sign(this.#privateKey);
    return { token, expirationTimestamp: rfc3339(expires * 1000) };
  }

  /**
   * Checks a token for the given audiences (the apiserver's own by default); the user it stands
   * for, or an AuthenticationError saying why not. `undefined` when the token is not one of ours
   * (another issuer, or not a JWT), so other authenticators may try it.
   */
  async verify(token: string, objects: TokenObjects, audiences: readonly string[] = this.apiAudiences): Promise<UserInfo | undefined> {
    if (!this.#isOurs(token)) return undefined;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.#publicKey, { issuer: this.issuer, audience: [...audiences], algorithms: [ALGORITHM] }));
    } catch (err) {
      throw new AuthenticationError(describeJwtError(err));
    }
    const claim = payload['kubernetes.io'] as KubernetesClaim | undefined;
    if (!claim?.namespace || !claim.serviceaccount?.name || !claim.serviceaccount.uid) throw new AuthenticationError('service account token is missing the kubernetes.io claims');
    const { namespace } = claim;
    const sa = claim.serviceaccount;
    const saUid = await objects.serviceAccountUid(namespace, sa.name);
    if (saUid === undefined) throw new AuthenticationError(`service account ${namespace}/${sa.name} has been deleted`);
    if (saUid !== sa.uid) throw new AuthenticationError(`service account UID (${saUid}) does not match claim (${sa.uid})`);
    for (const kind of ['Pod', 'Secret'] as const) {
      const ref = kind === 'Pod' ? claim.pod : claim.secret;
      if (!ref) continue;
      const uid = await objects.boundObjectUid(namespace, kind, ref.name);
      if (uid === undefined) throw new AuthenticationError(`${kind.toLowerCase()} ${namespace}/${ref.name} the token is bound to has been deleted`);
      if (uid !== ref.uid) throw new AuthenticationError(`${kind.toLowerCase()} UID (${uid}) does not match claim (${ref.uid})`);
    }
    const extra: Record<string, string[]> = {};
    if (claim.pod) {
      extra['authentication.kubernetes.io/pod-name'] = [claim.pod.name];
      extra['authentication.kubernetes.io/pod-uid'] = [claim.pod.uid];
    }
    if (claim.node) {
      extra['authentication.kubernetes.io/node-name'] = [claim.node.name];
      extra['authentication.kubernetes.io/node-uid'] = [claim.node.uid];
    }
    if (typeof payload.jti === 'string') extra['authentication.kubernetes.io/credential-id'] = [`JTI=${payload.jti}`];
    // Past its `warnafter` an extended token is stale: still accepted, only counted apart.
    const stale = claim.warnafter !== undefined && Date.now() / 1000 > claim.warnafter;
    tokenCounters()[stale ? 'stale' : 'valid'].add(1);
    return {
      name: serviceAccountUser(namespace, sa.name),
      uid: sa.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`],
      extra,
    };
  }

  /** The bearer-token authenticator for requests. */
  authenticator(objects: TokenObjects): Authenticator {
    return async (credentials) => {
      const token = bearerToken(credentials);
      return token === undefined ? undefined : this.verify(token, objects);
    };
  }

  #isOurs(token: string): boolean {
    try {
      return decodeJwt(token).iss === this.issuer;
    } catch {
      return false;
    }
  }
}

/**
 * Upstream's serviceaccount_valid_tokens_total and serviceaccount_stale_tokens_total: tokens
 * accepted, counted apart when used past their `warnafter` (upstream also writes an audit
 * annotation then; there is no audit log here). Made on first use, from the global meter provider.
 */
function tokenCounters(): Record<'valid' | 'stale', Counter> {
  if (!counters) {
    const m = meter('apiserver');
    counters = {
      valid: m.createCounter('serviceaccount_valid_tokens_total', { description: 'Cumulative valid projected service account tokens used' }),
      stale: m.createCounter('serviceaccount_stale_tokens_total', { description: 'Cumulative stale projected service account tokens used' }),
    };
  }
  return counters;
}
let counters: Record<'valid' | 'stale', Counter> | undefined;

export const serviceAccountUser = (namespace: string, name: string) => `system:serviceaccount:${namespace}:${name}`;

function describeJwtError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'service account token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'aud') return 'token audiences do not match the API audiences';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'service account token signature is invalid';
  return `invalid service account token: ${(err as Error).message}`;
}
