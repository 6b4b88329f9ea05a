import type { KubeObject } from '@kubeledger/api';
import type { DeletionFindings } from './namespace-conditions.js';

/** How long to allow for finalizers found on remaining content (upstream's finalizerEstimateSeconds). */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** What deleting one resource's content came to. */
export interface ResourceDeletion {
  /** `pods.`, `deployments.apps`: as upstream names a resource in the remaining-content message. */
  readonly resource: string;
  /** `apps/v1, Resource=deployments`: as upstream prints a GroupVersionResource in errors. */
  readonly gvr: string;
  /** The graceful termination estimate made before the delete (pods), in seconds. */
  readonly estimate: number;
  /** What a list after the delete still found (undefined when the delete or list failed, or list is not served). */
  readonly remaining?: readonly KubeObject[];
  /** Why deleting or listing failed. */
  readonly error?: string;
}

/** The outcome of one round: the longest estimate, and the findings the conditions report. */
export interface ContentDeletionSummary extends DeletionFindings {
  /** Seconds until the content is expected gone; 0 when none remains. */
  readonly estimate: number;
}

/**
 * deleteAllContent's bookkeeping (upstream's deleteAllContentForGroupVersionResource per
 * resource, summed): content left with a graceful estimate waits that long; content held by
 * finalizers waits {@link FINALIZER_ESTIMATE_SECONDS}; content left with neither is an error (it
 * should have gone), as is a failed delete or list.
 */
export function summarizeContentDeletion(results: readonly ResourceDeletion[], discoveryError?: string): ContentDeletionSummary {
  let estimate = 0;
  const contentErrors: string[] = [];
  const remainingByResource = new Map<string, number>();
  const remainingByFinalizer = new Map<string, number>();
  for (const r of results) {
    let resourceEstimate = r.estimate;
    if (r.error !== undefined) contentErrors.push(r.error);
    else if (r.remaining === undefined || r.remaining.length === 0) resourceEstimate = 0;
    else {
      remainingByResource.set(r.resource, r.remaining.length);
      let finalized = 0;
      for (const item of r.remaining) {
        const finalizers = (item.metadata?.['finalizers'] as string[] | undefined) ?? [];
        if (finalizers.length > 0) finalized++;
        for (const f of finalizers) remainingByFinalizer.set(f, (remainingByFinalizer.get(f) ?? 0) + 1);
      }
      if (resourceEstimate === 0) {
        if (finalized > 0) resourceEstimate = FINALIZER_ESTIMATE_SECONDS;
        else contentErrors.push(`unexpected items still remain in namespace: ${namespaceOf(r.remaining)} for gvr: ${r.gvr}`);
      }
    }
    estimate = Math.max(estimate, resourceEstimate);
  }
  return { estimate, contentErrors, remainingByResource, remainingByFinalizer, ...(discoveryError !== undefined && { discoveryError }) };
}

const namespaceOf = (items: readonly KubeObject[]) => items[0]?.metadata?.namespace ?? '';

/**
 * estimateGracefulTerminationForPods: the longest termination grace period of the namespace's
 * pods that have not finished, in seconds (0 when none).
 */
export function estimatePodTermination(pods: readonly KubeObject[]): number {
  let estimate = 0;
  for (const pod of pods) {
    const phase = (pod['status'] as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const grace = (pod['spec'] as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
    if (grace !== undefined && grace > estimate) estimate = grace;
  }
  return estimate;
}

/** How long to wait before looking again while content remains (upstream: half the estimate, plus a second). */
export const requeueAfterMs = (estimateSeconds: number): number => (Math.floor(estimateSeconds / 2) + 1) * 1000;
