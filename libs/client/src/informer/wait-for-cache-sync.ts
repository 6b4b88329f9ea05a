/** What {@link waitForCacheSync} waits on: an {@link Informer}, or anything that syncs like one. */
export interface Syncable {
  hasSynced(): boolean;
  /** Resolves true once synced, false if it stopped first. */
  whenSynced(): Promise<boolean>;
}

/**
 * Resolves true once every informer has synced, false as soon as one is stopped before it did
 * (client-go's `cache.WaitForCacheSync`): `for (const i of informers) void i.start()`, then
 * `if (!(await waitForCacheSync(...informers))) return`.
 */
export async function waitForCacheSync(...informers: readonly Syncable[]): Promise<boolean> {
  if (informers.every((i) => i.hasSynced())) return true;
  return new Promise<boolean>((resolve) => {
    let pending = informers.length;
    for (const informer of informers) {
      void informer.whenSynced().then((synced) => {
        if (!synced) resolve(false);
        else if (--pending === 0) resolve(true);
      });
    }
  });
}
