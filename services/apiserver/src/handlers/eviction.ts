import { badRequest, isStatusError, schemas, success, timeout, type KubeObject, type Status } from '@kubeledger/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdmissionChain } from '../admission/admission-chain.js';
import { nowTimestamp } from '../registry/before-write.js';
import { isDryRun, validateDeleteOptions, type DeleteOptions } from '../registry/deletion/delete-options.js';
import { checkDeletePreconditions } from '../registry/deletion/plan-delete.js';
import type { GenericStore } from '../registry/generic-store.js';
import type { WriteContext } from '@kubeledger/event-store';
import { decodeObject, fieldValidation, type FieldValidation } from './decode-object.js';
import { evictionDeleteOptions } from './eviction-delete-options.js';
import { budgetBeingProcessed, canIgnorePdb, matchingPdbs, shouldEnforceResourceVersion, spendDisruption, unhealthyPodMayGo } from './eviction-budget.js';
import { addWarnings, query } from './handler-context.js';

export interface EvictionDeps {
  readonly pods: GenericStore;
  readonly pdbs: GenericStore;
  /** `poddisruptionbudgets/status`, where a spent disruption is written. */
  readonly pdbStatus: GenericStore;
  readonly admission: AdmissionChain;
}

/** EvictionsRetry: 20 attempts, 500 ms apart (jittered by 10%), on conflicts. */
const RETRIES = 20;
const retryDelay = () => new Promise((resolve) => setTimeout(resolve, 450 + Math.random() * 100));
const isConflict = (err: unknown) => isStatusError(err) && err.reason === 'Conflict';
const MULTIPLE_PDBS = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';

/**
 * POST pods/<name>/eviction (upstream's EvictionREST.Create): deletes the pod if its
 * PodDisruptionBudget allows it — spending one disruption on it, written to the budget's status
 * first — and answers 201 with a Success Status; 429 when the budget allows none. Terminal,
 * pending and terminating pods go without asking a budget; so does an unready one the budget
 * lets go. The delete honours the eviction's deleteOptions.
 */
export async function handleEviction(deps: EvictionDeps, namespace: string, urlName: string, request: FastifyRequest, reply: FastifyReply, write: WriteContext): Promise<Status> {
  const { object: eviction, warnings } = decodeEviction(deps.pods, request.body, fieldValidation(query(request)['fieldValidation']));
  const meta = eviction.metadata ?? {};
  if (meta.namespace && meta.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  if ((meta.name ?? '') !== urlName) throw badRequest('name in URL does not match name in Eviction object');
  const options = evictionDeleteOptions(eviction['deleteOptions'], [query(request)['dryRun'] ?? []].flat());
  validateDeleteOptions(options);
  await deps.admission.validate({ operation: 'CREATE', resource: deps.pods.definition, subresource: 'eviction', namespace, name: urlName, object: eviction });
  addWarnings(reply, warnings);
  reply.code(201);
  const done = { ...success(), code: 201 };
  const pinned = options.preconditions?.resourceVersion !== undefined;

  // A pod no budget guards: deleted at once, pinned to the version read (upstream retries conflicts, unless the caller pinned it).
  let pod: KubeObject;
  for (let attempt = 1; ; attempt++) {
    pod = await deps.pods.get(namespace, urlName);
    if (!canIgnorePdb(pod)) break;
    try {
      await deletePod(deps.pods, namespace, urlName, shouldEnforceResourceVersion(pod) && !pinned ? withResourceVersion(options, pod) : options, write);
      return done;
    } catch (err) {
      if (pinned || !isConflict(err) || attempt >= RETRIES) throw err;
      await retryDelay();
    }
  }

  const pdbs = matchingPdbs((await deps.pdbs.list({ namespace })).items.map((i) => i.object), pod);
  if (pdbs.length > 1) {
    reply.code(500);
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: MULTIPLE_PDBS, code: 500 };
  }
  const pdb = pdbs[0];
  const unhealthy = pdb !== undefined && unhealthyPodMayGo(pod, pdb);
  if (pdb && !unhealthy) await spend(deps, pdb, urlName, isDryRun(options), write);

  try {
    // An unready pod went without spending a disruption: only as read, not once it turned ready.
    await deletePod(deps.pods, namespace, urlName, unhealthy ? withResourceVersion(options, pod) : options, write);
  } catch (err) {
    if (isConflict(err) && unhealthy && !pinned) throw budgetBeingProcessed(pdb!.metadata?.name ?? '');
    throw err;
  }
  return done;
}

/** The body as a policy/v1 Eviction (v1beta1 is accepted too, as upstream's AcceptsGroupVersion). */
function decodeEviction(pods: GenericStore, body: unknown, validation: FieldValidation) {
  const apiVersion = (body as { apiVersion?: unknown } | null)?.apiVersion;
  const version = apiVersion === 'policy/v1beta1' ? 'v1beta1' : 'v1';
  const def = { ...pods.definition, group: 'policy', version, kind: 'Eviction', schema: schemas.policy_v1_Eviction };
  return decodeObject(def, body, validation);
}

/** Spends one disruption of the budget, read afresh after a conflict; a budget still racing after every retry is a 504 (upstream's ErrWaitTimeout). */
async function spend(deps: EvictionDeps, pdb: KubeObject, podName: string, dryRun: boolean, write: WriteContext): Promise<void> {
  const namespace = pdb.metadata?.namespace ?? '';
  const name = pdb.metadata?.name ?? '';
  let current = pdb;
  for (let attempt = 1; attempt <= RETRIES; attempt++) {
    const spent = spendDisruption(current, podName, nowTimestamp(), dryRun);
    if (dryRun) return;
    try {
      await deps.pdbStatus.update(namespace, name, spent, write);
      return;
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    await retryDelay();
    current = await deps.pdbs.get(namespace, name);
  }
  throw timeout(`couldn't update PodDisruptionBudget "${name}" due to conflicts`, 10);
}

function withResourceVersion(options: DeleteOptions, pod: KubeObject): DeleteOptions {
  return { ...options, preconditions: { ...options.preconditions, resourceVersion: pod.metadata?.resourceVersion ?? '' } };
}

/**
 * addConditionAndDeletePod: the pod gets the `DisruptionTarget` condition (EvictionByEvictionAPI),
 * unless a dry run, then is deleted with the eviction's options (a resourceVersion precondition
 * moves on to the version the condition was written at).
 */
async function deletePod(pods: GenericStore, namespace: string, name: string, options: DeleteOptions, write: WriteContext): Promise<void> {
  let effective = options;
  if (!isDryRun(options)) {
    const { uid, resourceVersion } = options.preconditions ?? {};
    const updated = await pods.guaranteedUpdate(namespace, name, (pod) => {
      checkDeletePreconditions(pod, { ...(uid && { uid }), ...(resourceVersion && { resourceVersion }) }, { group: '', kind: 'Pod' });
      return withDisruptionTarget(pod);
    }, write);
    if (resourceVersion) effective = { ...options, preconditions: { ...options.preconditions, resourceVersion: updated.metadata?.resourceVersion ?? '' } };
  }
  await pods.delete(namespace, name, effective, write);
}

/** podutil.UpdatePodCondition(DisruptionTarget=True): the transition time moves only with the status. */
function withDisruptionTarget(pod: KubeObject): KubeObject {
  const status = (pod['status'] ??= {}) as { conditions?: Array<Record<string, unknown>> };
  const conditions = (status.conditions ??= []);
  const next = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: nowTimestamp(), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };
  const existing = conditions.find((c) => c['type'] === 'DisruptionTarget');
  if (!existing) conditions.push(next);
  else Object.assign(existing, { ...next, lastTransitionTime: existing['status'] === 'True' ? existing['lastTransitionTime'] : next.lastTransitionTime });
  return pod;
}
