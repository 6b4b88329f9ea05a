import type { KubeObject } from '@kubeledger/api';
import { controllerRefOf, type OwnerReference } from '../controller-utils/controller-ref.js';
import type { ControllerScale, ScaleFinder } from './expected-pods.js';

/** The scale owners' caches, by namespace and name. */
export interface ScaleOwners {
  readonly getReplicaSet: (namespace: string, name: string) => KubeObject | undefined;
  readonly getDeployment: (namespace: string, name: string) => KubeObject | undefined;
  readonly getReplicationController: (namespace: string, name: string) => KubeObject | undefined;
  readonly getStatefulSet: (namespace: string, name: string) => KubeObject | undefined;
}

const APPS = ['apps', 'extensions'];

/** verifyGroupKind: the reference names `kind` in one of `groups`. */
function names(ref: OwnerReference, kind: string, groups: readonly string[]): boolean {
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  return ref.kind === kind && groups.includes(group);
}

/** The cached object the reference names, if it is that one (same uid). */
function resolve(get: (namespace: string, name: string) => KubeObject | undefined, ref: OwnerReference, namespace: string): KubeObject | undefined {
  const object = get(namespace, ref.name);
  return object?.metadata?.uid === ref.uid ? object : undefined;
}

const scaleOf = (object: KubeObject): ControllerScale => ({ uid: object.metadata?.uid ?? '', scale: Number((object['spec'] as { replicas?: number } | undefined)?.replicas ?? 1) });

/**
 * The disruption controller's finders, in upstream's order: a ReplicaSet no Deployment controls,
 * the Deployment of a ReplicaSet, a ReplicationController, a StatefulSet. Other controllers
 * (upstream asks their `/scale`) are not found.
 */
export function scaleFinder(owners: ScaleOwners): ScaleFinder {
  return (ref, namespace) => {
    if (names(ref, 'ReplicaSet', APPS)) {
      const rs = resolve(owners.getReplicaSet, ref, namespace);
      if (!rs) return undefined;
      const owner = controllerRefOf(rs);
      if (!owner) return scaleOf(rs);
      if (!names(owner, 'Deployment', APPS)) return owner.kind === 'Deployment' ? undefined : scaleOf(rs);
      const deployment = resolve(owners.getDeployment, owner, namespace);
      return deployment && scaleOf(deployment);
    }
    if (names(ref, 'ReplicationController', [''])) {
      const rc = resolve(owners.getReplicationController, ref, namespace);
      return rc && scaleOf(rc);
    }
    if (names(ref, 'StatefulSet', ['apps'])) {
      const sts = resolve(owners.getStatefulSet, ref, namespace);
      return sts && scaleOf(sts);
    }
    return undefined;
  };
}
