import type { KubeObject } from '@kubeledger/api';
import type { EventContext, EventHandler } from '@kubeledger/client';
import { needsCleanup } from './ttl-after-finished.js';

/** Queues a Job's `<namespace>/<name>`; `ctx` is the event that caused it (its trace is continued). */
export type Enqueue = (key: string, ctx?: EventContext) => void;

const keyOf = (job: KubeObject) => `${job.metadata?.namespace ?? ''}/${job.metadata?.name ?? ''}`;

/** Jobs (upstream's `addJob`/`updateJob`): one added or changed is queued when it has a TTL and finished. */
export function jobEventHandler(enqueue: Enqueue): EventHandler<KubeObject> {
  return {
    onAdd: (job, _initial, ctx) => {
      if (needsCleanup(job)) enqueue(keyOf(job), ctx);
    },
    onUpdate: (_old, job, ctx) => {
      if (needsCleanup(job)) enqueue(keyOf(job), ctx);
    },
  };
}
