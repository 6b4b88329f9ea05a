import type { KubeObject } from '@kubeledger/api';

export type StepResult = 'continue' | 'requeue';

export interface BindDeps {
  /** POST pods/<name>/binding (with the pod's uid as precondition); rejects with the server's error. */
  readonly bind: (pod: KubeObject, node: string) => Promise<void>;
  /** A 409 Conflict: the pod is bound already (say, by this scheduler before a restart), being deleted, or was replaced. */
  readonly isConflict: (err: unknown) => boolean;
  readonly isNotFound: (err: unknown) => boolean;
  readonly event: (pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => void;
  readonly log: (message: string) => void;
}

/**
 * The binding cycle (upstream's bind + DefaultBinder): binds `pod` to `node` and records the
 * `Scheduled` event. A conflict or a vanished pod is not an error — nothing is left to do, and a
 * pod bound twice is what the binding subresource's 409 prevents; the informer brings the truth.
 * Any other failure asks for another attempt.
 */
export async function reconcileBind(pod: KubeObject, node: string, deps: BindDeps): Promise<StepResult> {
  const name = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
  try {
    await deps.bind(pod, node);
  } catch (err) {
    if (deps.isConflict(err) || deps.isNotFound(err)) {
      deps.log(`not binding ${name}: ${(err as Error).message}`);
      return 'continue';
    }
    deps.log(`binding ${name} to ${node} failed, will retry: ${(err as Error).message}`);
    return 'requeue';
  }
  deps.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${name} to ${node}`);
  return 'continue';
}
