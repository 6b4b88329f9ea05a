import type { KubeObject } from '@kubeledger/api';
import type { LabelSelector } from '../controller-utils/label-selector.js';

/** policy/v1 PodDisruptionBudgetSpec. */
export interface PdbSpec {
  readonly minAvailable?: number | string | null;
  readonly maxUnavailable?: number | string | null;
  readonly selector?: LabelSelector | null;
  readonly unhealthyPodEvictionPolicy?: string | null;
}

/** metav1.Condition. */
export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
  readonly observedGeneration?: number;
  readonly lastTransitionTime?: string;
}

/** policy/v1 PodDisruptionBudgetStatus. */
export interface PdbStatus {
  readonly observedGeneration?: number;
  /** Pods an eviction was granted for, by name, with when (RFC 3339). */
  readonly disruptedPods?: Readonly<Record<string, string>>;
  readonly disruptionsAllowed?: number;
  readonly currentHealthy?: number;
  readonly desiredHealthy?: number;
  readonly expectedPods?: number;
  readonly conditions?: readonly Condition[];
}

export const PDB_KIND = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' } as const;

export const pdbSpec = (pdb: KubeObject): PdbSpec => (pdb['spec'] ?? {}) as PdbSpec;
export const pdbStatus = (pdb: KubeObject): PdbStatus => (pdb['status'] ?? {}) as PdbStatus;
export const pdbGeneration = (pdb: KubeObject): number => Number(pdb.metadata?.['generation'] ?? 0);
