import type { KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { ttlVerdict } from './ttl-after-finished.js';

export interface ReconcileJobDeps {
  /** From the informer. */
  readonly getJob: (namespace: string, name: string) => KubeObject | undefined;
  /** The Job as the apiserver has it now. */
  readonly getFreshJob: (namespace: string, name: string) => Promise<KubeObject>;
  /** DELETE with propagationPolicy Foreground and a uid precondition. */
  readonly deleteJob: (namespace: string, name: string, uid: string) => Promise<void>;
  readonly isNotFound: (err: unknown) => boolean;
  /** A failed precondition: the uid is another Job's now. */
  readonly isConflict: (err: unknown) => boolean;
  readonly now: () => Date;
  readonly log: (message: string) => void;
}

/**
 * Upstream's TTL-after-finished `processJob`: a finished Job with `ttlSecondsAfterFinished`
 * comes back when its TTL runs out; then it is read fresh from the apiserver (its TTL may have
 * changed, or it may be another Job now) and, if the TTL still says so, deleted in the foreground
 * (its pods go first) with a precondition on that uid. A Job gone, or replaced, meanwhile is done.
 */
export async function reconcileJob(key: string, deps: ReconcileJobDeps): Promise<StepResult> {
  const slash = key.indexOf('/');
  const namespace = key.slice(0, slash);
  const name = key.slice(slash + 1);
  const cached = deps.getJob(namespace, name);
  if (!cached) return 'continue';
  const first = decide(key, cached, deps);
  if (first !== 'expired') return first;
  let fresh: KubeObject;
  try {
    fresh = await deps.getFreshJob(namespace, name);
  } catch (err) {
    if (deps.isNotFound(err)) return 'continue';
    throw err;
  }
  const second = decide(key, fresh, deps);
  if (second !== 'expired') return second;
  deps.log(`ttl-after-finished: cleaning up job ${key}`);
  try {
    await deps.deleteJob(namespace, name, fresh.metadata?.uid ?? '');
  } catch (err) {
    if (!deps.isNotFound(err) && !deps.isConflict(err)) throw err;
  }
  return 'continue';
}

function decide(key: string, job: KubeObject, deps: Pick<ReconcileJobDeps, 'now' | 'log'>): StepResult | 'expired' {
  const verdict = ttlVerdict(job, deps.now().getTime());
  switch (verdict.kind) {
    case 'none':
      return 'continue';
    case 'unknownFinishTime':
      deps.log(`ttl-after-finished: unable to find the time when the Job ${key} finished`);
      return 'continue';
    case 'wait':
      return { requeueAfterMs: verdict.ms };
    case 'expired':
      return 'expired';
    default: {
      const never: never = verdict;
      return never;
    }
  }
}
