import type { KubeObject } from '@kubeledger/api';
import { canonicalJson } from '../controller-utils/canonical-json.js';
import type { PodTemplate } from './deployment-spec.js';
import { POD_TEMPLATE_HASH_LABEL } from '../controller-utils/pod-template-hash.js';
import { withoutValueZeros } from '../controller-utils/pod-template-zeros.js';
import { createdAt, replicaSetStatus, specReplicas, templateOf } from './replica-set-fields.js';

/** A template without its `pod-template-hash` label (and without `labels`, or `metadata`, left empty by that). */
export function withoutHashLabel(template: PodTemplate): PodTemplate {
  const metadata = (template['metadata'] ?? {}) as Record<string, unknown>;
  const labels = metadata['labels'] as Record<string, string> | undefined;
  if (!labels || !(POD_TEMPLATE_HASH_LABEL in labels)) return template;
  const { [POD_TEMPLATE_HASH_LABEL]: _hash, ...rest } = labels;
  const { labels: _labels, ...otherMetadata } = metadata;
  const stripped = Object.keys(rest).length > 0 ? { ...otherMetadata, labels: rest } : otherMetadata;
  const { metadata: _metadata, ...withoutMetadata } = template;
  return Object.keys(stripped).length > 0 ? { ...withoutMetadata, metadata: stripped } : withoutMetadata;
}

/**
 * util.EqualIgnoreHash: two templates are the same but for the `pod-template-hash` label (the
 * Deployment's template has none; its ReplicaSets' have theirs), compared as canonical JSON with
 * the zeros of Go value fields left out ({@link withoutValueZeros}), as upstream's typed
 * comparison sees them.
 */
export function equalIgnoreHash(a: PodTemplate, b: PodTemplate): boolean {
  return canonicalJson(withoutValueZeros(withoutHashLabel(a))) === canonicalJson(withoutValueZeros(withoutHashLabel(b)));
}

/** controller.ReplicaSetsByCreationTimestamp: oldest first, the name breaking ties. */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const diff = createdAt(a) - createdAt(b);
  if (diff !== 0) return diff;
  const [x, y] = [a.metadata?.name ?? '', b.metadata?.name ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** controller.ReplicaSetsBySizeNewer: largest first; among equals, the newest first (scale-ups favour new ReplicaSets). */
export const bySizeNewer = (a: KubeObject, b: KubeObject): number => specReplicas(b) - specReplicas(a) || byCreation(b, a);

/** controller.ReplicaSetsBySizeOlder: largest first; among equals, the oldest first (scale-downs take old ReplicaSets first). */
export const bySizeOlder = (a: KubeObject, b: KubeObject): number => specReplicas(b) - specReplicas(a) || byCreation(a, b);

/**
 * util.FindNewReplicaSet: the ReplicaSet running the Deployment's template. Should there be more
 * than one (upstream issue 40415), the oldest, deterministically.
 */
export function findNewReplicaSet(template: PodTemplate, replicaSets: readonly KubeObject[]): KubeObject | undefined {
  return [...replicaSets].sort(byCreation).find((rs) => equalIgnoreHash(templateOf(rs), template));
}

/** The others: every ReplicaSet but the new one (util.FindOldReplicaSets' second list). */
export function findOldReplicaSets(newRS: KubeObject | undefined, replicaSets: readonly KubeObject[]): KubeObject[] {
  return newRS === undefined ? [...replicaSets] : replicaSets.filter((rs) => rs.metadata?.uid !== newRS.metadata?.uid);
}

/** controller.FilterActiveReplicaSets: those asked for pods (`spec.replicas` > 0). */
export const activeReplicaSets = (replicaSets: ReadonlyArray<KubeObject | undefined>): KubeObject[] =>
  replicaSets.filter((rs): rs is KubeObject => rs !== undefined && specReplicas(rs) > 0);

/**
 * util.FindActiveOrLatest: the only ReplicaSet with replicas (new or old); with none, the new one
 * or else the newest old one; undefined when more than one has replicas (they scale proportionally).
 */
export function findActiveOrLatest(newRS: KubeObject | undefined, oldRSs: readonly KubeObject[]): KubeObject | undefined {
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** util.GetReplicaCountForReplicaSets: Σ `spec.replicas`. */
export const specReplicaCount = (replicaSets: ReadonlyArray<KubeObject | undefined>): number =>
  replicaSets.reduce((sum, rs) => sum + (rs ? specReplicas(rs) : 0), 0);

/** Σ of one status count (util.GetActualReplicaCountForReplicaSets and its ready/available siblings). */
export const statusCount = (replicaSets: ReadonlyArray<KubeObject | undefined>, field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number =>
  replicaSets.reduce((sum, rs) => sum + (rs ? replicaSetStatus(rs)[field] : 0), 0);
