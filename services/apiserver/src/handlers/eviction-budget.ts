import { deepCopy, failure, forbidden, StatusError, type KubeObject } from '@kubeledger/api';
import type { PdbSpec } from '../registry/policy/validate-pdb.js';
import { selectorMatches } from '../registry/validation/label-selector.js';

// The budget side of an eviction (pkg/registry/core/pod/storage/eviction.go), as pure decisions on
// the pod and its PodDisruptionBudget; the handler (eviction.ts) reads and writes around them.

/** policy/v1 PodDisruptionBudgetStatus as stored. */
export interface PdbStatus {
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  conditions?: Condition[];
}

/** metav1.Condition. */
export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

/** MaxDisruptedPodSize: evictions the controller has not confirmed yet, beyond which a budget refuses more. */
export const MAX_DISRUPTED_POD_SIZE = 2000;

const BUDGET_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

interface PodView {
  metadata?: { deletionTimestamp?: string };
  status?: { phase?: string; conditions?: ReadonlyArray<{ type?: string; status?: string }> };
}

const view = (pod: KubeObject) => pod as PodView;
const terminal = (pod: KubeObject) => ['Succeeded', 'Failed'].includes(view(pod).status?.phase ?? '');
const beingDeleted = (pod: KubeObject) => Boolean(view(pod).metadata?.deletionTimestamp);

/** canIgnorePDB: a terminal, pending or terminating pod is deleted without asking any budget. */
export const canIgnorePdb = (pod: KubeObject): boolean => terminal(pod) || view(pod).status?.phase === 'Pending' || beingDeleted(pod);

/** shouldEnforceResourceVersion: the delete is pinned to the pod as read, unless it is terminal or already terminating. */
export const shouldEnforceResourceVersion = (pod: KubeObject): boolean => !terminal(pod) && !beingDeleted(pod);

/** podutil.IsPodReady. */
export const isPodReady = (pod: KubeObject): boolean => (view(pod).status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

export const pdbSpec = (pdb: KubeObject): PdbSpec => (pdb['spec'] ?? {}) as PdbSpec;
export const pdbStatus = (pdb: KubeObject): PdbStatus => (pdb['status'] ?? {}) as PdbStatus;

/** getPodDisruptionBudgets: the namespace's budgets whose selector matches the pod (a missing selector matches nothing, an empty one everything). */
export function matchingPdbs(pdbs: readonly KubeObject[], pod: KubeObject): KubeObject[] {
  const labels = (pod.metadata?.labels ?? {}) as Record<string, string>;
  return pdbs.filter((pdb) => {
    const selector = pdbSpec(pdb).selector;
    return pdb.metadata?.namespace === pod.metadata?.namespace && Boolean(selector) && selectorMatches(selector!, labels);
  });
}

/**
 * An unready pod the budget lets go without spending a disruption: always under
 * `unhealthyPodEvictionPolicy: AlwaysAllow`; otherwise (IfHealthyBudget, the default) while the
 * application has the healthy pods it needs.
 */
export function unhealthyPodMayGo(pod: KubeObject, pdb: KubeObject): boolean {
  if (isPodReady(pod)) return false;
  if (pdbSpec(pdb).unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const { currentHealthy = 0, desiredHealthy = 0 } = pdbStatus(pdb);
  return currentHealthy >= desiredHealthy && desiredHealthy > 0;
}

/** createTooManyRequestsError: the budget has not been processed since its spec changed (or a write raced); retry in 10 s. */
export function budgetBeingProcessed(name: string): StatusError {
  return new StatusError(
    failure('TooManyRequests', BUDGET_MESSAGE, { causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${name} is still being processed by the server.` }], retryAfterSeconds: 10 }),
  );
}

/** The budget allows no disruption now. */
export function budgetExhausted(pdb: KubeObject): StatusError {
  const { desiredHealthy = 0, currentHealthy = 0 } = pdbStatus(pdb);
  const message = `The disruption budget ${pdb.metadata?.name ?? ''} needs ${desiredHealthy} healthy pods and has ${currentHealthy} currently`;
  return new StatusError(failure('TooManyRequests', BUDGET_MESSAGE, { causes: [{ reason: 'DisruptionBudget', message }] }));
}

/**
 * checkAndDecrement: the budget with one disruption spent on `podName` — refused (429) while the
 * controller has not observed its generation or when it allows none — and, unless a dry run, the
 * pod noted in `disruptedPods` at `now`, for the controller not to count it while it goes.
 */
export function spendDisruption(pdb: KubeObject, podName: string, now: string, dryRun: boolean): KubeObject {
  const name = pdb.metadata?.name ?? '';
  const status = deepCopy(pdbStatus(pdb));
  if ((status.observedGeneration ?? 0) < Number(pdb.metadata?.['generation'] ?? 0)) throw budgetBeingProcessed(name);
  const allowed = status.disruptionsAllowed ?? 0;
  const onPdb = { group: 'policy', resource: 'poddisruptionbudget' };
  if (allowed < 0) throw forbidden(onPdb, name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) throw forbidden(onPdb, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  if (allowed === 0) throw budgetExhausted(pdb);
  status.disruptionsAllowed = allowed - 1;
  if (status.disruptionsAllowed === 0) setDisruptionAllowedCondition(status, now);
  if (!dryRun) status.disruptedPods = { ...status.disruptedPods, [podName]: now };
  return { ...pdb, status };
}

/** pdbhelper.UpdateDisruptionAllowedCondition: `DisruptionAllowed` True (SufficientPods) while disruptions are allowed, else False (InsufficientPods). */
export function setDisruptionAllowedCondition(status: PdbStatus, now: string): void {
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  const conditions = (status.conditions ??= []);
  const next: Condition = {
    type: 'DisruptionAllowed',
    status: allowed ? 'True' : 'False',
    reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '',
    ...((status.observedGeneration ?? 0) > 0 && { observedGeneration: status.observedGeneration }),
    lastTransitionTime: now,
  };
  const at = conditions.findIndex((c) => c.type === next.type);
  // meta.SetStatusCondition: the transition time moves only when the status does.
  if (at < 0) conditions.push(next);
  else conditions[at] = { ...next, lastTransitionTime: conditions[at]!.status === next.status ? (conditions[at]!.lastTransitionTime ?? now) : now };
}
