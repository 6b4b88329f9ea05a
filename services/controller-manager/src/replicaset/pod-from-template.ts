import { deepCopy, type KubeObject } from '@kubeledger/api';
import type { OwnerReference } from '../controller-utils/controller-ref.js';
import { replicaSetSpec } from './replicaset-spec.js';

/** The longest a generated name's prefix may be (a DNS subdomain). */
const MAX_NAME_LENGTH = 253;

/**
 * The pod a ReplicaSet creates (upstream's `GetPodFromTemplate`): the template's labels,
 * annotations, finalizers and spec, `generateName` `<rs-name>-` (the name alone when the dash would
 * make it too long), in the ReplicaSet's namespace, with the controller reference. Throws for a
 * template without labels (`unable to create pods, no labels`): such a pod could never be claimed.
 */
export function podFromTemplate(rs: KubeObject, controllerRef: OwnerReference): KubeObject {
  const { template } = replicaSetSpec(rs);
  const labels = { ...template.metadata?.labels };
  if (Object.keys(labels).length === 0) throw new Error('unable to create pods, no labels');
  const name = rs.metadata?.name ?? '';
  const annotations = template.metadata?.annotations;
  const finalizers = template.metadata?.finalizers;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: name.length + 1 <= MAX_NAME_LENGTH ? `${name}-` : name,
      namespace: rs.metadata?.namespace,
      labels,
      ...(annotations && Object.keys(annotations).length > 0 && { annotations: { ...annotations } }),
      ...(finalizers && finalizers.length > 0 && { finalizers: [...finalizers] }),
      ownerReferences: [controllerRef],
    },
    spec: deepCopy(template.spec ?? {}),
  };
}
