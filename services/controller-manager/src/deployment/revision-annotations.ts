import type { KubeObject } from '@kubeledger/api';
import { annotationsOf } from './deployment-spec.js';
import { byCreation } from './replica-set-lists.js';

/** The rollout sequence number of a ReplicaSet (and, copied, of its Deployment): what `kubectl rollout history/undo` read. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** The earlier revisions a ReplicaSet served, comma-separated (it was rolled back to). */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
/** The Deployment's `spec.replicas` when it last scaled the ReplicaSet: tells a scaling event from a rollout. */
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
/** `spec.replicas` + maxSurge then: the base of proportional scaling. */
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

/** Annotations a Deployment does not pass on to its ReplicaSets (upstream's `annotationsToSkip`). */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

/** Upstream keeps `revision-history` under 2,000 characters, dropping the oldest entries. */
const MAX_REVISION_HISTORY_CHARS = 2000;

/** util.Revision: the revision annotation as a number; 0 when absent, undefined when not a number. */
export function revisionOf(o: KubeObject): number | undefined {
  const value = annotationsOf(o)[REVISION_ANNOTATION];
  if (value === undefined) return 0;
  return /^-?\d+$/.test(value) ? Number(value) : undefined;
}

/** util.MaxRevision: the highest revision among the ReplicaSets (unreadable ones skipped); 0 for none. */
export const maxRevision = (replicaSets: readonly KubeObject[]): number => Math.max(0, ...replicaSets.map((rs) => revisionOf(rs) ?? 0));

/** util.ReplicaSetsByRevision: lowest revision first; unreadable or equal revisions by creation. */
export function byRevision(a: KubeObject, b: KubeObject): number {
  const [x, y] = [revisionOf(a), revisionOf(b)];
  if (x === undefined || y === undefined || x === y) return byCreation(a, b);
  return x - y;
}

/**
 * util.SetNewReplicaSetAnnotations: the new ReplicaSet's annotations, from `current` (its own, or
 * none for one about to be created): the Deployment's annotations copied in but for those above;
 * the revision raised to `revision` when lower — a ReplicaSet rolled back to keeps the revisions it
 * had in `revision-history` — and, for one about to be created, the replicas annotations.
 * `changed`: whether that differs from `current`.
 */
export function newReplicaSetAnnotations(
  deployment: KubeObject,
  current: Readonly<Record<string, string>>,
  revision: number,
  replicas?: { readonly desired: number; readonly max: number },
): { annotations: Record<string, string>; changed: boolean } {
  const annotations: Record<string, string> = { ...current };
  let changed = false;
  for (const [key, value] of Object.entries(annotationsOf(deployment))) {
    if (NOT_COPIED.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const old = current[REVISION_ANNOTATION];
  const oldRevision = old === undefined || old === '' ? 0 : /^-?\d+$/.test(old) ? Number(old) : undefined;
  if (oldRevision === undefined) return { annotations, changed }; // upstream gives up on an unreadable revision
  if (oldRevision < revision) {
    annotations[REVISION_ANNOTATION] = String(revision);
    changed = true;
    if (old !== undefined) annotations[REVISION_HISTORY_ANNOTATION] = appendHistory(current[REVISION_HISTORY_ANNOTATION], old);
  }
  if (replicas && replicasAnnotationsNeedUpdate(annotations, replicas.desired, replicas.max)) {
    return { annotations: withReplicasAnnotations(annotations, replicas.desired, replicas.max), changed: true };
  }
  return { annotations, changed };
}

function appendHistory(history: string | undefined, revision: string): string {
  if (!history) return revision;
  const entries = history.split(',');
  let length = history.length + revision.length + 1;
  while (length > MAX_REVISION_HISTORY_CHARS && entries.length > 0) length -= entries.shift()!.length + 1;
  return length <= MAX_REVISION_HISTORY_CHARS ? [...entries, revision].join(',') : history;
}

/** util.ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(annotations: Readonly<Record<string, string>>, desired: number, max: number): boolean {
  return annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || annotations[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** util.SetReplicasAnnotations, on a copy. */
export function withReplicasAnnotations(annotations: Readonly<Record<string, string>>, desired: number, max: number): Record<string, string> {
  return { ...annotations, [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(max) };
}

/** The int value of a replicas annotation (util.getIntFromAnnotation); undefined when absent or unreadable. */
export function replicasAnnotation(rs: KubeObject, key: typeof DESIRED_REPLICAS_ANNOTATION | typeof MAX_REPLICAS_ANNOTATION): number | undefined {
  const value = annotationsOf(rs)[key];
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined;
}
