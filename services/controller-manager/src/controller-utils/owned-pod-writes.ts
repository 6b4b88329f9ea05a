import type { KubeObject } from '@kubeledger/api';
import type { EventType } from '@kubeledger/client';
import type { ReplicaExpectations } from './replica-expectations.js';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from './slow-start-batch.js';

/** What a controller that owns pods (ReplicaSet, DaemonSet, Job) needs to create and delete them. */
export interface OwnedPodWritesDeps {
  /** Resolves with the pod as created (its generated name, uid and resourceVersion). */
  readonly createPod: (namespace: string, pod: KubeObject) => Promise<KubeObject>;
  /** Deletes the pod if it still has that uid. */
  readonly deletePod: (namespace: string, name: string, uid: string | undefined) => Promise<void>;
  readonly expectations: ReplicaExpectations;
  readonly event: (owner: KubeObject, type: EventType, reason: string, message: string) => void;
  readonly isNotFound: (err: unknown) => boolean;
  readonly isConflict: (err: unknown) => boolean;
  /** The create failed because the namespace is being deleted (no event: every create would). */
  readonly isNamespaceTerminating: (err: unknown) => boolean;
  readonly now: () => Date;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Creates `count` pods (`podFor(i)` the i-th) in slow-start batches, each recorded in the
 * expectations once the apiserver answered and as a `SuccessfulCreate` Event on the owner
 * (`FailedCreate` when it fails). A create refused because the namespace is going is no failure.
 */
export function createOwnedPods(key: string, owner: KubeObject, count: number, podFor: (i: number) => KubeObject, deps: Pick<OwnedPodWritesDeps, 'createPod' | 'expectations' | 'event' | 'isNamespaceTerminating' | 'now'>): Promise<{ readonly successes: number; readonly error?: unknown }> {
  const namespace = owner.metadata?.namespace ?? '';
  let next = 0;
  return slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, async () => {
    const pod = podFor(next++);
    let created: KubeObject;
    try {
      created = await deps.createPod(namespace, pod);
    } catch (err) {
      if (deps.isNamespaceTerminating(err)) return;
      deps.event(owner, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      throw err;
    }
    deps.expectations.expectCreation(key, created, deps.now().getTime());
    deps.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
  });
}

/**
 * Deletes one of the owner's pods (its deletion already expected): a `SuccessfulDelete` Event, or
 * the expectation dropped again and `FailedDelete`. A pod gone already, or replaced by another of
 * the same name (the uid precondition), counts as deleted.
 */
export async function deleteOwnedPod(key: string, owner: KubeObject, pod: KubeObject, deps: Pick<OwnedPodWritesDeps, 'deletePod' | 'expectations' | 'event' | 'isNotFound' | 'isConflict'>): Promise<void> {
  const name = pod.metadata?.name ?? '';
  try {
    await deps.deletePod(owner.metadata?.namespace ?? '', name, pod.metadata?.uid);
  } catch (err) {
    deps.expectations.deletionFailed(key, name);
    if (deps.isNotFound(err) || deps.isConflict(err)) return;
    deps.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
    throw err;
  }
  deps.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
}
