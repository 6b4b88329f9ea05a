import type { KubeObject } from '@kubeledger/api';
import { isBeingDeleted } from '../controller-utils/controller-ref.js';
import { podPhase } from '../controller-utils/pod-readiness.js';

/** stalePodDisruptionTimeout: how long an eviction's DisruptionTarget condition may stay on a pod that did not go. */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;

interface PodCondition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly lastTransitionTime?: string;
}

/**
 * nonTerminatingPodHasStaleDisruptionCondition: for a pod not being deleted and not terminal
 * that carries `DisruptionTarget=True` (not the kubelet's own), how long until the condition is
 * stale (0: now); undefined when there is nothing to clean.
 */
export function staleDisruptionWaitMs(pod: KubeObject, now: number): number | undefined {
  if (isBeingDeleted(pod) || ['Succeeded', 'Failed'].includes(podPhase(pod))) return undefined;
  const conditions = ((pod['status'] as { conditions?: readonly PodCondition[] } | undefined)?.conditions ?? []);
  const condition = conditions.find((c) => c.type === 'DisruptionTarget');
  if (condition?.status !== 'True' || condition.reason === 'TerminationByKubelet') return undefined;
  const since = Date.parse(condition.lastTransitionTime ?? '');
  return Number.isNaN(since) ? 0 : Math.max(0, since + STALE_POD_DISRUPTION_TIMEOUT_MS - now);
}

export interface CleanStaleDeps {
  readonly getPod: (namespace: string, name: string) => KubeObject | undefined;
  /** Sets the pod's DisruptionTarget condition False (a strategic merge patch of `pods/status`). */
  readonly clearDisruptionTarget: (namespace: string, name: string, now: string) => Promise<void>;
  readonly isNotFound: (err: unknown) => boolean;
  readonly now: () => Date;
}

/** syncStalePodDisruption: a DisruptionTarget condition left by an eviction whose delete never came is turned False after 2 minutes. */
export async function cleanStalePodDisruption(key: string, deps: CleanStaleDeps): Promise<'continue' | { requeueAfterMs: number }> {
  const slash = key.indexOf('/');
  const [namespace, name] = [key.slice(0, slash), key.slice(slash + 1)];
  const pod = deps.getPod(namespace, name);
  const now = deps.now();
  const wait = pod && staleDisruptionWaitMs(pod, now.getTime());
  if (wait === undefined) return 'continue';
  if (wait > 0) return { requeueAfterMs: wait };
  try {
    await deps.clearDisruptionTarget(namespace, name, now.toISOString().replace(/\.\d+Z$/, 'Z'));
  } catch (err) {
    if (!deps.isNotFound(err)) throw err;
  }
  return 'continue';
}
