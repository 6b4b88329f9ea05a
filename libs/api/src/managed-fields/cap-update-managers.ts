import { compareStrings } from './json-values.js';
import { managerIdentifier, timeSeconds, type Managed } from './managed-fields-entry.js';

/** How many Update entries an object keeps (DefaultMaxUpdateManagers). */
export const MAX_UPDATE_MANAGERS = 10;

/** The manager the oldest Update entries are merged into. */
export const ANCIENT_CHANGES = 'ancient-changes';

/**
 * Keeps at most `max` Update entries (capManagersManager): while there are more, the oldest ones
 * (by time, then identifier) are merged, per API version, into an `ancient-changes` Update entry,
 * which takes the time of the newest entry merged into it. The oldest entry of each version is
 * the one that becomes the bucket. Apply entries are never merged.
 */
export function capUpdateManagers(managed: Managed, max = MAX_UPDATE_MANAGERS): void {
  const updaters = [...managed.fields].filter(([, v]) => !v.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  updaters.sort((a, b) => timeSeconds(managed.times.get(a)) - timeSeconds(managed.times.get(b)) || compareStrings(a, b));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i]!;
    const versioned = managed.fields.get(id)!;
    const version = versioned.apiVersion;
    const bucket = managerIdentifier({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: version });
    const first = firstOfVersion.get(version);
    // (Upstream would merge the bucket into itself and lose it, should it not be its version's oldest.)
    if (first === undefined || id === bucket) {
      if (first === undefined) firstOfVersion.set(version, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      managed.fields.set(bucket, managed.fields.get(first)!);
      managed.fields.delete(first);
    }
    managed.fields.set(bucket, { set: versioned.set.union(managed.fields.get(bucket)!.set), apiVersion: version, applied: false });
    managed.fields.delete(id);
    length--;
    managed.times.set(bucket, managed.times.get(id));
  }
}
