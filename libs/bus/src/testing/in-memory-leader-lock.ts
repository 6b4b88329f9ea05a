import type { LeaderLock } from '../leader-lock.js';

/** What two {@link InMemoryLeaderLock}s contend for. Locks with different tokens never contend (forced split brain). */
export class LockToken {
  holder: InMemoryLeaderLock | undefined;
}

/** A {@link LeaderLock} for tests: locks sharing a token exclude each other; `revoke()` simulates a lost lock connection. */
export class InMemoryLeaderLock implements LeaderLock {
  readonly token: LockToken;
  #lost: { promise: Promise<void>; resolve: () => void } | undefined;
  #acquisitions = 0;

  constructor(token: LockToken = new LockToken()) {
    this.token = token;
  }

  get held(): boolean {
    return this.token.holder === this;
  }

  /** How many times this lock went from not held to held. */
  get acquisitions(): number {
    return this.#acquisitions;
  }

  get lost(): Promise<void> | undefined {
    return this.held ? this.#lost?.promise : undefined;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    if (this.token.holder !== undefined) return false;
    this.token.holder = this;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.#lost = { promise, resolve };
    this.#acquisitions++;
    return true;
  }

  /** Leadership is lost (as when the lock's database session dies): `lost` resolves and the token is free. */
  revoke(): void {
    if (!this.held) return;
    this.token.holder = undefined;
    this.#lost?.resolve();
    this.#lost = undefined;
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.token.holder = undefined;
    this.#lost = undefined;
  }
}
