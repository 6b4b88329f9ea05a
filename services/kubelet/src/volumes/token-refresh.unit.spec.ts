import { describe, expect, it } from 'vitest';
import { ProjectedTokenCache, tokenRefreshAt } from './token-refresh.js';

const at = (iso: string) => new Date(iso);

describe('tokenRefreshAt', () => {
  it('is at 80 % of the lifetime for a token of less than 30 h', () => {
    expect(tokenRefreshAt({ expiresAt: at('2026-01-01T01:00:00Z'), expirationSeconds: 3600 })).toEqual(at('2026-01-01T00:48:00Z'));
    expect(tokenRefreshAt({ expiresAt: at('2026-01-01T01:00:07Z'), expirationSeconds: 3607 })).toEqual(at('2026-01-01T00:48:05.600Z'));
  });

  it('is 24 h after issue for a longer-lived token', () => {
    expect(tokenRefreshAt({ expiresAt: at('2026-01-08T00:00:00Z'), expirationSeconds: 7 * 24 * 3600 })).toEqual(at('2026-01-02T00:00:00Z'));
  });
});

describe('ProjectedTokenCache', () => {
  const now = at('2026-01-01T00:00:00Z');

  it('knows when each token of a pod is due, the earliest first; an unknown token is due at once', () => {
    const cache = new ProjectedTokenCache();
    expect(cache.due('u1', 'kube-api-access/token', now)).toBe(true);
    expect(cache.nextRefresh('u1')).toBeUndefined();
    cache.record('u1', 'kube-api-access/token', at('2026-01-01T00:48:00Z'), at('2026-01-01T01:00:00Z'), now);
    cache.record('u1', 'vault/token', at('2026-01-01T00:08:00Z'), at('2026-01-01T00:10:00Z'), now);
    expect(cache.due('u1', 'kube-api-access/token', at('2026-01-01T00:47:59Z'))).toBe(false);
    expect(cache.due('u1', 'kube-api-access/token', at('2026-01-01T00:48:00Z'))).toBe(true);
    expect(cache.nextRefresh('u1')).toEqual(at('2026-01-01T00:08:00Z'));
  });

  it('drops the tokens of pods long expired as others are recorded', () => {
    const cache = new ProjectedTokenCache();
    cache.record('gone', 'v/token', at('2026-01-01T00:48:00Z'), at('2026-01-01T01:00:00Z'), now);
    cache.record('u2', 'v/token', at('2026-01-01T01:48:00Z'), at('2026-01-01T02:00:00Z'), at('2026-01-01T01:59:59Z'));
    expect(cache.size).toBe(2); // expired less than an hour ago: kept
    cache.record('u2', 'v/token', at('2026-01-01T02:48:00Z'), at('2026-01-01T03:00:00Z'), at('2026-01-01T02:00:01Z'));
    expect(cache.size).toBe(1);
    expect(cache.nextRefresh('gone')).toBeUndefined();
  });
});
