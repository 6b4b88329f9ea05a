import type { KubeObject } from '@kubeledger/api';
import { REVISION_HASH_LABEL, daemonSetStatusOf } from './daemonset-spec.js';
import { newRevision, nextRevisionNumber, revisionHash, revisionMatches, revisionOf, splitRevisions } from './revisions.js';

export interface ConstructHistoryDeps {
  readonly createRevision: (namespace: string, rev: KubeObject) => Promise<KubeObject>;
  /** PUT of a revision, conditional on its resourceVersion. */
  readonly updateRevision: (rev: KubeObject) => Promise<KubeObject>;
  readonly getRevision: (namespace: string, name: string) => Promise<KubeObject>;
  readonly deleteRevision: (namespace: string, name: string) => Promise<void>;
  /** The pods to relabel when duplicate current revisions are merged. */
  readonly patchPod: (namespace: string, name: string, patch: Record<string, unknown>) => Promise<KubeObject>;
  readonly getFreshDaemonSet: (namespace: string, name: string) => Promise<KubeObject>;
  readonly updateDaemonSetStatus: (ds: KubeObject) => Promise<KubeObject>;
  readonly isAlreadyExists: (err: unknown) => boolean;
  readonly isNotFound: (err: unknown) => boolean;
  readonly log: (message: string) => void;
}

/** The current revision's hash, and the old revisions. */
export interface History {
  readonly hash: string;
  readonly old: readonly KubeObject[];
}

const hashOf = (rev: KubeObject) => rev.metadata?.labels?.[REVISION_HASH_LABEL];

/**
 * Upstream's `constructHistory`: revisions missing the hash label get their name as it; the one
 * holding the DaemonSet's template is current (created when there is none — `snapshot` — and,
 * when several do, merged into the newest), renumbered past every old one when it is not already.
 */
export async function constructHistory(ds: KubeObject, revisions: readonly KubeObject[], pods: readonly KubeObject[], deps: ConstructHistoryDeps): Promise<History> {
  const labelled: KubeObject[] = [];
  for (const rev of revisions) {
    if (hashOf(rev)) labelled.push(rev);
    else labelled.push(await deps.updateRevision({ ...rev, metadata: { ...rev.metadata, labels: { ...rev.metadata?.labels, [REVISION_HASH_LABEL]: rev.metadata?.name ?? '' } } }));
  }
  const { current, old } = splitRevisions(ds, labelled);
  const next = nextRevisionNumber(old);
  let cur = current.length === 0 ? await snapshot(ds, next, deps) : await dedupCurrent(ds, current, pods, deps);
  if (revisionOf(cur) < next) cur = await deps.updateRevision({ ...cur, revision: next });
  return { hash: hashOf(cur) ?? '', old };
}

/**
 * Upstream's `snapshot`: creates the revision `<ds>-<hash>`. When that name is taken by a revision
 * of another template (a hash collision), the DaemonSet's `status.collisionCount` is bumped — unless
 * the count this sync used was stale — and the error thrown, for the retry to hash anew.
 */
async function snapshot(ds: KubeObject, revision: number, deps: ConstructHistoryDeps): Promise<KubeObject> {
  const namespace = ds.metadata?.namespace ?? '';
  const rev = newRevision(ds, revisionHash(ds), revision);
  try {
    return await deps.createRevision(namespace, rev);
  } catch (err) {
    if (!deps.isAlreadyExists(err)) throw err;
    const existing = await deps.getRevision(namespace, rev.metadata?.name ?? '');
    if (revisionMatches(ds, existing)) return existing;
    const fresh = await deps.getFreshDaemonSet(namespace, ds.metadata?.name ?? '');
    const [used, stored] = [daemonSetStatusOf(ds).collisionCount, daemonSetStatusOf(fresh).collisionCount];
    if (used !== stored) throw new Error(`found a stale collision count (${used}, expected ${stored}) of DaemonSet "${ds.metadata?.name}" while processing; will retry until it is updated`);
    await deps.updateDaemonSetStatus({ ...fresh, status: { ...daemonSetStatusOf(fresh), collisionCount: (stored ?? 0) + 1 } });
    throw err;
  }
}

/** Upstream's `dedupCurHistories`: keeps the newest current revision; pods of the others are relabelled to it, then the others deleted. */
async function dedupCurrent(ds: KubeObject, current: readonly KubeObject[], pods: readonly KubeObject[], deps: ConstructHistoryDeps): Promise<KubeObject> {
  if (current.length === 1) return current[0]!;
  const keep = current.reduce((a, b) => (revisionOf(b) > revisionOf(a) ? b : a));
  const keepHash = hashOf(keep) ?? '';
  const namespace = ds.metadata?.namespace ?? '';
  for (const rev of current) {
    if (rev === keep) continue;
    for (const pod of pods) {
      if (pod.metadata?.labels?.[REVISION_HASH_LABEL] !== hashOf(rev)) continue;
      await deps.patchPod(namespace, pod.metadata?.name ?? '', { metadata: { labels: { [REVISION_HASH_LABEL]: keepHash } } });
    }
    deps.log(`daemonset ${namespace}/${ds.metadata?.name}: deleting duplicate revision ${rev.metadata?.name}`);
    try {
      await deps.deleteRevision(namespace, rev.metadata?.name ?? '');
    } catch (err) {
      if (!deps.isNotFound(err)) throw err;
    }
  }
  return keep;
}
