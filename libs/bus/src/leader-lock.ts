/** One relay leads at a time (a Postgres session advisory lock in production). */
export interface LeaderLock {
  /** True when this process now leads (also when it already did). */
  tryAcquire(): Promise<boolean>;
  /** Resolves when leadership is lost (e.g. the lock's connection died); undefined when not held. */
  readonly lost: Promise<void> | undefined;
  /** Gives leadership up. The relay also calls it after a loss, so it must be safe to call then. */
  release(): Promise<void>;
}
