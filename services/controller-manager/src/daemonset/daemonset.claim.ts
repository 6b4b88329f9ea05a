import type { KubeObject } from '@kubeledger/api';
import { claimObjects } from '../controller-utils/claim-objects.js';
import { DAEMONSET_KIND } from './daemonset-spec.js';

export interface ClaimDeps {
  /** Strategic merge patches; resolve with the object as stored. */
  readonly patchPod: (namespace: string, name: string, patch: Record<string, unknown>) => Promise<KubeObject>;
  readonly patchRevision: (namespace: string, name: string, patch: Record<string, unknown>) => Promise<KubeObject>;
  /** The DaemonSet as the apiserver has it now (not the cache). */
  readonly getFreshDaemonSet: (namespace: string, name: string) => Promise<KubeObject>;
  readonly isNotFound: (err: unknown) => boolean;
  readonly isInvalid: (err: unknown) => boolean;
  readonly log: (message: string) => void;
}

/** Upstream's `getDaemonPods`: of the DaemonSet's pods and its namespace's orphans, those it owns once claimed (matching orphans adopted, strays released). */
export function claimDaemonPods(ds: KubeObject, matches: (o: KubeObject) => boolean, pods: readonly KubeObject[], deps: ClaimDeps): Promise<KubeObject[]> {
  return claimObjects(ds, DAEMONSET_KIND, 'pod', matches, pods, { ...deps, patch: deps.patchPod, getFreshOwner: deps.getFreshDaemonSet });
}

/** Upstream's `controlledHistories`: the same for ControllerRevisions. */
export function claimRevisions(ds: KubeObject, matches: (o: KubeObject) => boolean, revisions: readonly KubeObject[], deps: ClaimDeps): Promise<KubeObject[]> {
  return claimObjects(ds, DAEMONSET_KIND, 'controller revision', matches, revisions, { ...deps, patch: deps.patchRevision, getFreshOwner: deps.getFreshDaemonSet });
}
