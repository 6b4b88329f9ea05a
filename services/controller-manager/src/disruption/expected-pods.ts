import type { KubeObject } from '@kubeledger/api';
import { controllerRefOf, type OwnerReference } from '../controller-utils/controller-ref.js';
import { pdbSpec } from './pdb-types.js';

/** A pod's controller and the number of pods it wants (its `spec.replicas`). */
export interface ControllerScale {
  readonly uid: string;
  readonly scale: number;
}

/** The controller (and its scale) a pod's controller reference leads to; undefined when none of the known kinds has it. */
export type ScaleFinder = (ref: OwnerReference, namespace: string) => ControllerScale | undefined;

export interface ExpectedPods {
  readonly expectedCount: number;
  readonly desiredHealthy: number;
  /** Pods without a controller, when the scale of their controllers was needed. */
  readonly unmanagedPods: readonly string[];
}

/**
 * getExpectedPodCount: with `maxUnavailable`, or a percentage `minAvailable`, the pods expected
 * are the sum of the scales of the pods' controllers (a percentage rounded up of it); with an
 * integer `minAvailable`, the pods there are. Throws (the sync fails) when a pod's controller
 * cannot be found.
 */
export function expectedPodCount(pdb: KubeObject, pods: readonly KubeObject[], findScale: ScaleFinder): ExpectedPods {
  const { minAvailable, maxUnavailable } = pdbSpec(pdb);
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    const { expectedCount, unmanagedPods } = expectedScale(pods, findScale);
    const desiredHealthy = Math.max(0, expectedCount - scaledValue(maxUnavailable, expectedCount));
    return { expectedCount, desiredHealthy, unmanagedPods };
  }
  if (typeof minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanagedPods: [] };
  if (typeof minAvailable === 'string') {
    const { expectedCount, unmanagedPods } = expectedScale(pods, findScale);
    return { expectedCount, desiredHealthy: scaledValue(minAvailable, expectedCount), unmanagedPods };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/** intstr.GetScaledValueFromIntOrPercent with roundUp: an integer as is, a percentage of `total` rounded up. */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const match = /^(-?\d+)%$/.exec(value);
  if (!match) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  return Math.ceil((Number(match[1]) * total) / 100);
}

/** getExpectedScale: the scales of the pods' distinct controllers, summed; pods without one are reported, not counted. */
function expectedScale(pods: readonly KubeObject[], findScale: ScaleFinder): { expectedCount: number; unmanagedPods: string[] } {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerRefOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata?.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = findScale(ref, pod.metadata?.namespace ?? '');
    if (!found) throw new Error(`found no controllers for pod ${JSON.stringify(pod.metadata?.name ?? '')}`);
    scales.set(found.uid, found.scale);
  }
  return { expectedCount: [...scales.values()].reduce((a, b) => a + b, 0), unmanagedPods };
}
