import { EXPIRATION_EXTENSION_SECONDS, WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS } from '../../authentication/service-account-tokens.js';

/**
 * What a TokenRequest's expiry becomes (upstream's --service-account-max-token-expiration and
 * --service-account-extend-token-expiration, applied in TokenREST.Create).
 */
export interface TokenExpirationSettings {
  /** Requested expirations above this are shortened to it (seconds; unset: no cap). */
  readonly maxExpirationSeconds?: number;
  /** Pod-bound tokens for the API asked with the kubelet's default expiry live a year, warning after the asked expiry. */
  readonly extendExpiration: boolean;
}

export const DEFAULT_TOKEN_EXPIRATION_SETTINGS: TokenExpirationSettings = { extendExpiration: true };

export interface TokenLifetime {
  /** The request's expirationSeconds after the cap: what its spec and status.expirationTimestamp say. */
  readonly expirationSeconds: number;
  /** The token's own lifetime (its `exp` - `iat`). */
  readonly tokenSeconds: number;
  /** Set for an extended token: seconds until its `warnafter` claim. */
  readonly warnAfterSeconds?: number;
  /** The Warning a shortened request is answered with. */
  readonly warning?: string;
}

/**
 * The lifetime of a token asked for `requested` seconds: shortened to the max (with a warning),
 * then, when extending and the token is bound to a pod and only for the API's own audiences, a
 * request of exactly WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS gets a token of a year that warns
 * after the asked seconds — its status still reports the asked expiry.
 */
export function tokenLifetime(requested: number, token: { readonly podBound: boolean; readonly apiAudiencesOnly: boolean }, settings: TokenExpirationSettings): TokenLifetime {
  const max = settings.maxExpirationSeconds;
  const capped = max !== undefined && max > 0 && requested > max;
  const expirationSeconds = capped ? max : requested;
  const warning = capped ? `requested expiration of ${requested} seconds shortened to ${max} seconds` : undefined;
  const extend = settings.extendExpiration && token.podBound && token.apiAudiencesOnly && expirationSeconds === WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS;
  return {
    expirationSeconds,
    tokenSeconds: extend ? EXPIRATION_EXTENSION_SECONDS : expirationSeconds,
    ...(extend && { warnAfterSeconds: expirationSeconds }),
    ...(warning && { warning }),
  };
}
