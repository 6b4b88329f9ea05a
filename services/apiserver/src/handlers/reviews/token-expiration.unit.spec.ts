import { describe, expect, it } from 'vitest';
import { EXPIRATION_EXTENSION_SECONDS, WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS } from '../../authentication/service-account-tokens.js';
import { DEFAULT_TOKEN_EXPIRATION_SETTINGS, tokenLifetime } from './token-expiration.js';

const podForApi = { podBound: true, apiAudiencesOnly: true };

describe('tokenLifetime (--service-account-max-token-expiration, --service-account-extend-token-expiration)', () => {
  it('keeps the asked expiry when there is no max, or it is within it', () => {
    expect(tokenLifetime(86_400, podForApi, DEFAULT_TOKEN_EXPIRATION_SETTINGS)).toEqual({ expirationSeconds: 86_400, tokenSeconds: 86_400 });
    expect(tokenLifetime(3600, podForApi, { maxExpirationSeconds: 3600, extendExpiration: true })).toEqual({ expirationSeconds: 3600, tokenSeconds: 3600 });
  });

  it('shortens an expiry over the max to it, with upstream warning', () => {
    expect(tokenLifetime(86_400, { podBound: false, apiAudiencesOnly: true }, { maxExpirationSeconds: 7200, extendExpiration: true })).toEqual({
      expirationSeconds: 7200,
      tokenSeconds: 7200,
      warning: 'requested expiration of 86400 seconds shortened to 7200 seconds',
    });
  });

  it("gives a pod-bound API token asked for 3607 s a year's lifetime that warns after 3607 s", () => {
    expect(WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS).toBe(3607);
    expect(EXPIRATION_EXTENSION_SECONDS).toBe(31_536_000);
    expect(tokenLifetime(3607, podForApi, DEFAULT_TOKEN_EXPIRATION_SETTINGS)).toEqual({ expirationSeconds: 3607, tokenSeconds: 31_536_000, warnAfterSeconds: 3607 });
    // A max above 3607 leaves the extension to happen (past the max, as upstream); one below it caps first, and 3600 is not 3607.
    expect(tokenLifetime(3607, podForApi, { maxExpirationSeconds: 7200, extendExpiration: true })).toEqual({ expirationSeconds: 3607, tokenSeconds: 31_536_000, warnAfterSeconds: 3607 });
    expect(tokenLifetime(3607, podForApi, { maxExpirationSeconds: 3600, extendExpiration: true })).toMatchObject({ expirationSeconds: 3600, tokenSeconds: 3600 });
  });

  it('does not extend when turned off, for tokens not bound to a pod, for other audiences, or other expiries', () => {
    const plain = { expirationSeconds: 3607, tokenSeconds: 3607 };
    expect(tokenLifetime(3607, podForApi, { extendExpiration: false })).toEqual(plain);
    expect(tokenLifetime(3607, { podBound: false, apiAudiencesOnly: true }, DEFAULT_TOKEN_EXPIRATION_SETTINGS)).toEqual(plain);
    expect(tokenLifetime(3607, { podBound: true, apiAudiencesOnly: false }, DEFAULT_TOKEN_EXPIRATION_SETTINGS)).toEqual(plain);
    expect(tokenLifetime(3608, podForApi, DEFAULT_TOKEN_EXPIRATION_SETTINGS)).toEqual({ expirationSeconds: 3608, tokenSeconds: 3608 });
  });
});
