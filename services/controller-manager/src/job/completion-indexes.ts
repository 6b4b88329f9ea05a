import type { KubeObject } from '@kubeledger/api';
import { COMPLETION_INDEX_KEY } from './job-spec.js';

/**
 * An Indexed Job's pod's completion index (upstream's `getCompletionIndex`, from the annotation);
 * undefined when missing or not a non-negative integer.
 */
export function completionIndexOf(pod: KubeObject): number | undefined {
  const value = (pod.metadata?.annotations as Record<string, string> | undefined)?.[COMPLETION_INDEX_KEY];
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const ix = Number(value);
  return Number.isSafeInteger(ix) ? ix : undefined;
}

/**
 * `status.completedIndexes` read back (upstream's `parseIndexesFromString`): `1,3-5` → [1,3,4,5];
 * indexes at or past `completions`, and unreadable parts, are dropped.
 */
export function parseIndexes(text: string | undefined, completions: number): number[] {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const first = Number(m[1]);
    const last = Math.min(m[2] === undefined ? first : Number(m[2]), completions - 1);
    for (let i = first; i <= last; i++) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Indexes written as upstream's `orderedIntervals.String()`: runs of three or more as `a-b`, two
 * as `a,b`, one as `a`, comma separated (`0-2,4,6,7`).
 */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const [first, last] = [sorted[i]!, sorted[j]!];
    parts.push(last === first ? `${first}` : last === first + 1 ? `${first},${last}` : `${first}-${last}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Upstream's `firstPendingIndexes`: the `count` lowest indexes below `completions` that neither
 * succeeded nor have an active pod.
 */
export function firstPendingIndexes(succeeded: readonly number[], activePods: readonly KubeObject[], count: number, completions: number): number[] {
  const taken = new Set(succeeded);
  for (const pod of activePods) {
    const ix = completionIndexOf(pod);
    if (ix !== undefined) taken.add(ix);
  }
  const out: number[] = [];
  for (let ix = 0; ix < completions && out.length < count; ix++) if (!taken.has(ix)) out.push(ix);
  return out;
}

/**
 * Upstream's `appendDuplicatedIndexPodsForRemoval`: the active pods to remove because their index
 * is missing, out of range, or held by another active pod as well (one of each index is kept, the
 * one `order` puts last); and the rest.
 */
export function duplicatedIndexPods<T extends KubeObject>(pods: readonly T[], completions: number, order: (pods: readonly T[]) => T[]): { remove: T[]; keep: T[] } {
  const remove: T[] = [];
  const byIndex = new Map<number, T[]>();
  for (const pod of pods) {
    const ix = completionIndexOf(pod);
    if (ix === undefined || ix >= completions) remove.push(pod);
    else byIndex.set(ix, [...(byIndex.get(ix) ?? []), pod]);
  }
  const keep: T[] = [];
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const group = order(byIndex.get(ix)!);
    remove.push(...group.slice(0, -1));
    keep.push(group[group.length - 1]!);
  }
  return { remove, keep };
}
