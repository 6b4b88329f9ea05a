import type { KubeObject } from '@kubeledger/api';
import { newControllerRef } from '../controller-utils/controller-ref.js';
import type { LabelSelector } from '../controller-utils/label-selector.js';
import { DEPLOYMENT_KIND, deploymentSpec, REPLICASET_KIND, type DeploymentSpec, type PodTemplate } from './deployment-spec.js';
import { POD_TEMPLATE_HASH_LABEL } from '../controller-utils/pod-template-hash.js';
import { specReplicas } from './replica-set-fields.js';
import { specReplicaCount } from './replica-set-lists.js';
import { newReplicaSetAnnotations } from './revision-annotations.js';
import { maxSurge, scaledValue } from './rollout-limits.js';

/**
 * util.NewRSNewReplicas: the size the new ReplicaSet may grow to now. Recreate: the full count.
 * RollingUpdate: as many more as maxSurge leaves room for above `spec.replicas` across every
 * ReplicaSet (counting their `spec.replicas`), never past `spec.replicas` itself.
 */
export function newReplicaSetReplicas(spec: DeploymentSpec, allRSs: readonly KubeObject[], newRS: KubeObject): number {
  switch (spec.strategy) {
    case 'Recreate':
      return spec.replicas;
    case 'RollingUpdate': {
      const current = specReplicas(newRS);
      const maxTotal = spec.replicas + scaledValue(spec.maxSurge, spec.replicas, true);
      const total = specReplicaCount(allRSs);
      if (total >= maxTotal) return current;
      return current + Math.min(maxTotal - total, spec.replicas - current);
    }
    default:
      throw new Error(`deployment type ${spec.strategy} isn't supported`);
  }
}

/** A copy of `template` with the hash label added. */
function withHashLabel(template: PodTemplate, hash: string): PodTemplate {
  const metadata = (template['metadata'] ?? {}) as Record<string, unknown>;
  return { ...template, metadata: { ...metadata, labels: { ...(metadata['labels'] as Record<string, string> | undefined), [POD_TEMPLATE_HASH_LABEL]: hash } } };
}

/**
 * The ReplicaSet a Deployment creates for its current template (upstream's `getNewReplicaSet`,
 * creating): named `<deployment>-<hash>` (deterministic, so a second create of the same one
 * fails with AlreadyExists instead of making a twin); the hash label added to its labels, its
 * selector and its template's labels (so its pods are told apart from the other ReplicaSets');
 * the Deployment as controller owner; `revision` and the replicas annotations; as many replicas
 * as {@link newReplicaSetReplicas} allows next to `oldRSs`.
 */
export function newReplicaSetFor(deployment: KubeObject, oldRSs: readonly KubeObject[], hash: string, revision: number): KubeObject {
  const spec = deploymentSpec(deployment);
  const template = withHashLabel(spec.template, hash);
  const selector: LabelSelector = { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash } };
  const draft: KubeObject = { spec: { replicas: 0 } };
  const replicas = newReplicaSetReplicas(spec, [...oldRSs, draft], draft);
  const { annotations } = newReplicaSetAnnotations(deployment, {}, revision, { desired: spec.replicas, max: spec.replicas + maxSurge(spec) });
  return {
    apiVersion: REPLICASET_KIND.apiVersion,
    kind: REPLICASET_KIND.kind,
    metadata: {
      name: `${deployment.metadata?.name ?? ''}-${hash}`,
      namespace: deployment.metadata?.namespace ?? '',
      labels: { ...((template['metadata'] as { labels?: Record<string, string> }).labels ?? {}) },
      annotations,
      ownerReferences: [newControllerRef(deployment, DEPLOYMENT_KIND)],
    },
    spec: { replicas, ...(spec.minReadySeconds > 0 && { minReadySeconds: spec.minReadySeconds }), selector, template },
  };
}
