import type { KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { desiredEndpoints, MANAGED_BY, MANAGED_BY_LABEL } from './desired-endpoints.js';
import { planEndpointSlices } from './plan-endpoint-slices.js';
import type { SliceTracker } from './slice-tracker.js';

export interface ReconcileServiceDeps {
  /** From the informers. */
  readonly getService: (namespace: string, name: string) => KubeObject | undefined;
  readonly listPods: (namespace: string) => readonly KubeObject[];
  /** The slices labelled `kubernetes.io/service-name=<name>` in the namespace. */
  readonly listSlices: (namespace: string, serviceName: string) => readonly KubeObject[];
  readonly tracker: SliceTracker;
  /** The writes; each resolves with what the apiserver stored. */
  readonly createSlice: (slice: KubeObject) => Promise<KubeObject>;
  readonly updateSlice: (slice: KubeObject) => Promise<KubeObject>;
  readonly deleteSlice: (namespace: string, name: string, uid: string | undefined) => Promise<void>;
  readonly isConflict: (err: unknown) => boolean;
  readonly isNotFound: (err: unknown) => boolean;
  readonly log: (message: string) => void;
}

const managedByUs = (slice: KubeObject) => (slice.metadata?.['labels'] as Record<string, string> | undefined)?.[MANAGED_BY_LABEL] === MANAGED_BY;

/** The uid of the Service a slice names as its controller owner (undefined: none). */
const ownerUid = (slice: KubeObject) =>
  ((slice.metadata?.['ownerReferences'] ?? []) as Array<{ kind?: string; uid?: string; controller?: boolean }>).find((r) => r.kind === 'Service' && r.controller)?.uid;

/**
 * One Service's EndpointSlices (upstream's endpointslice `syncService`): the Service gone, its
 * slices are deleted; otherwise the slices the plan asks for are deleted, updated (conditional on
 * their resourceVersion: a 409 means the cache was stale, so `requeue`) and created. Slices of an
 * earlier Service of the same name (another owner uid) are deleted. Nothing happens while the
 * informer has not shown this controller's previous writes (the slice event brings the key back).
 * Other errors throw (the queue retries with backoff).
 */
export async function reconcileService(key: string, deps: ReconcileServiceDeps): Promise<StepResult> {
  const slash = key.indexOf('/');
  const namespace = key.slice(0, slash);
  const name = key.slice(slash + 1);
  const slices = deps.listSlices(namespace, name).filter(managedByUs);
  if (!deps.tracker.caughtUp(key, slices)) return 'continue';

  const service = deps.getService(namespace, name);
  const uid = service?.metadata?.uid;
  const stale = slices.filter((s) => !service || (ownerUid(s) !== undefined && ownerUid(s) !== uid));
  const current = slices.filter((s) => !stale.includes(s));
  const plan = service ? planEndpointSlices(service, desiredEndpoints(service, deps.listPods(namespace)), current) : { create: [], update: [], delete: [] };
  if (!service && stale.length === 0) {
    deps.tracker.forget(key);
    return 'continue';
  }

  let result: StepResult = 'continue';
  const toDelete = [...stale.map((s) => ({ name: s.metadata?.name ?? '', uid: s.metadata?.uid })), ...plan.delete.map((n) => ({ name: n, uid: current.find((s) => s.metadata?.name === n)?.metadata?.uid }))];
  for (const slice of toDelete) {
    try {
      await deps.deleteSlice(namespace, slice.name, slice.uid);
      deps.tracker.deleted(key, slice.name);
    } catch (err) {
      if (!deps.isNotFound(err) && !deps.isConflict(err)) throw err;
    }
  }
  for (const slice of plan.update) {
    try {
      deps.tracker.wrote(key, await deps.updateSlice(slice));
    } catch (err) {
      if (!deps.isConflict(err) && !deps.isNotFound(err)) throw err;
      deps.log(`endpointslice ${namespace}/${slice.metadata?.name} of service ${key} changed meanwhile (${(err as Error).message}); trying again`);
      result = 'requeue';
    }
  }
  for (const slice of plan.create) deps.tracker.wrote(key, await deps.createSlice(slice));
  if (plan.create.length + plan.update.length + toDelete.length > 0) {
    deps.log(`service ${key}: ${plan.create.length} endpointslices created, ${plan.update.length} updated, ${toDelete.length} deleted`);
  }
  return result;
}
