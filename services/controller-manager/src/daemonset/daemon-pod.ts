import { deepCopy, type KubeObject } from '@kubeledger/api';
import type { OwnerReference } from '../controller-utils/controller-ref.js';
import type { PodTemplate } from '../replicaset/replicaset-spec.js';
import { withDaemonPodTolerations } from './daemon-pod-tolerations.js';
import { daemonSetSpec, REVISION_HASH_LABEL, TEMPLATE_GENERATION_LABEL, templateGenerationOf } from './daemonset-spec.js';
import type { NodeSelectorTerm, PlacementSpec } from '@kubeledger/api';

/** The longest a generated name's prefix may be (a DNS subdomain). */
const MAX_NAME_LENGTH = 253;

/**
 * The template a DaemonSet's pods are made from (upstream's `CreatePodTemplate`): its own, with the
 * daemon tolerations, and the labels `controller-revision-hash` (the current revision) and, when
 * the apiserver recorded one, `pod-template-generation`.
 */
export function daemonPodTemplate(ds: KubeObject, hash: string): PodTemplate {
  const { template } = daemonSetSpec(ds);
  const generation = templateGenerationOf(ds);
  return {
    ...template,
    metadata: {
      ...template.metadata,
      labels: { ...template.metadata?.labels, ...(generation !== undefined && { [TEMPLATE_GENERATION_LABEL]: String(generation) }), [REVISION_HASH_LABEL]: hash },
    },
    spec: withDaemonPodTolerations(template.spec ?? {}),
  };
}

/**
 * Upstream's `ReplaceDaemonSetPodNodeNameNodeAffinity`: the required node affinity becomes the one
 * term `metadata.name In [<node>]` (any other terms go: the controller already chose the node), so
 * the scheduler binds the pod there. Preferred affinity is kept.
 */
export function withNodeNameAffinity(spec: Readonly<Record<string, unknown>>, nodeName: string): Record<string, unknown> {
  const affinity = (spec['affinity'] ?? {}) as Record<string, unknown>;
  const nodeAffinity = (affinity['nodeAffinity'] ?? {}) as Record<string, unknown>;
  const term: NodeSelectorTerm = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  return { ...spec, affinity: { ...affinity, nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } } };
}

/** The pod for `nodeName` (upstream's `CreatePods` from the template): `generateName` `<ds>-`, owned by the DaemonSet. */
export function daemonPodFor(ds: KubeObject, template: PodTemplate, nodeName: string, controllerRef: OwnerReference): KubeObject {
  const name = ds.metadata?.name ?? '';
  const { labels, annotations, finalizers } = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: name.length + 1 <= MAX_NAME_LENGTH ? `${name}-` : name,
      namespace: ds.metadata?.namespace,
      labels: { ...labels },
      ...(annotations && Object.keys(annotations).length > 0 && { annotations: { ...annotations } }),
      ...(finalizers && finalizers.length > 0 && { finalizers: [...finalizers] }),
      ownerReferences: [controllerRef],
    },
    spec: withNodeNameAffinity(deepCopy(template.spec ?? {}), nodeName),
  };
}

/**
 * Upstream's `GetTargetNodeName`: the node a daemon pod is for — `spec.nodeName` once bound, else
 * the `metadata.name` of its required node affinity; undefined when it names none.
 */
export function targetNodeName(pod: KubeObject): string | undefined {
  const spec = (pod['spec'] ?? {}) as PlacementSpec;
  if (spec.nodeName) return spec.nodeName;
  for (const term of spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const field of term.matchFields ?? []) {
      if (field.key === 'metadata.name' && field.operator === 'In' && field.values?.length === 1) return field.values[0];
    }
  }
  return undefined;
}

/** util.IsPodUpdated: the pod carries the current revision's hash, or the DaemonSet's template generation. */
export function isPodUpdated(pod: KubeObject, hash: string, templateGeneration: number | undefined): boolean {
  const labels = (pod.metadata?.labels ?? {}) as Record<string, string>;
  const hashMatches = hash.length > 0 && labels[REVISION_HASH_LABEL] === hash;
  const generationMatches = templateGeneration !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(templateGeneration);
  return hashMatches || generationMatches;
}
