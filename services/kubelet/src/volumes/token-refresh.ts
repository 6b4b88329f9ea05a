/** A token a TokenRequest issued: its expiry and the lifetime it was issued for (the answer's spec.expirationSeconds). */
export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: Date;
  readonly expirationSeconds: number;
}

/** A token older than this is refreshed whatever its lifetime (upstream's token manager maxTTL). */
export const MAX_TOKEN_AGE_MS = 24 * 60 * 60 * 1000;
/** How soon a refresh that failed is tried again (the old token stays in the file meanwhile). */
export const REFRESH_RETRY_MS = 10_000;

/**
 * When a projected token is refreshed (upstream's token manager `requiresRefresh`): once it is
 * older than 80 % of its lifetime, or than 24 h, whichever comes first. Upstream adds up to 10 s
 * of jitter; the kubelet here refreshes at the instant itself.
 */
export function tokenRefreshAt(issued: Pick<IssuedToken, 'expiresAt' | 'expirationSeconds'>): Date {
  const ttlMs = issued.expirationSeconds * 1000;
  const issuedAt = issued.expiresAt.getTime() - ttlMs;
  return new Date(Math.min(issuedAt + MAX_TOKEN_AGE_MS, issued.expiresAt.getTime() - ttlMs / 5));
}

/**
 * When each projected token of each pod is due for a refresh, by pod uid and `<volume>/<path>`.
 * A token the cache does not know (a kubelet restarted, with the files of its previous run in the
 * sandbox) is due at once, as with upstream's empty cache. Entries of tokens expired an hour ago
 * are dropped as others are recorded (their pods are gone: a running pod's are refreshed first).
 */
export class ProjectedTokenCache {
  readonly #due = new Map<string, Map<string, { refreshAt: Date; expiresAt: Date }>>();

  record(uid: string, key: string, refreshAt: Date, expiresAt: Date, now: Date): void {
    this.#prune(now);
    let tokens = this.#due.get(uid);
    if (!tokens) this.#due.set(uid, (tokens = new Map()));
    tokens.set(key, { refreshAt, expiresAt });
  }

  /** Whether the token is due for a refresh at `now` (true when not known). */
  due(uid: string, key: string, now: Date): boolean {
    const entry = this.#due.get(uid)?.get(key);
    return !entry || entry.refreshAt.getTime() <= now.getTime();
  }

  /** The earliest refresh due among the pod's tokens; undefined when it has none. */
  nextRefresh(uid: string): Date | undefined {
    const times = [...(this.#due.get(uid)?.values() ?? [])].map((e) => e.refreshAt.getTime());
    return times.length > 0 ? new Date(Math.min(...times)) : undefined;
  }

  get size(): number {
    return this.#due.size;
  }

  #prune(now: Date): void {
    const horizon = now.getTime() - 60 * 60 * 1000;
    for (const [uid, tokens] of this.#due) {
      for (const [key, entry] of tokens) if (entry.expiresAt.getTime() < horizon) tokens.delete(key);
      if (tokens.size === 0) this.#due.delete(uid);
    }
  }
}
