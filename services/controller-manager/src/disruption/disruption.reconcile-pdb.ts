import { matchesLabels, type KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { labelsOf } from '../controller-utils/controller-ref.js';
import { labelSelectorRequirements } from '../controller-utils/label-selector.js';
import { expectedPodCount, type ScaleFinder } from './expected-pods.js';
import { pdbSpec, type PdbStatus } from './pdb-types.js';
import { countHealthyPods, disruptedPodMap, failSafeStatus, planPdbStatus } from './plan-pdb-status.js';

export interface ReconcilePdbDeps {
  /** From the informers. */
  readonly getPdb: (namespace: string, name: string) => KubeObject | undefined;
  readonly listPods: (namespace: string) => readonly KubeObject[];
  readonly findScale: ScaleFinder;
  /** PUT of `/status`, conditional on the budget's resourceVersion. */
  readonly updateStatus: (pdb: KubeObject) => Promise<KubeObject>;
  readonly event: (object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => void;
  readonly isConflict: (err: unknown) => boolean;
  readonly isNotFound: (err: unknown) => boolean;
  readonly now: () => Date;
  readonly log: (message: string) => void;
}

/**
 * One PodDisruptionBudget (upstream's `sync`/`trySync`): the pods it selects, how many it expects
 * and wants healthy, the evictions still under way; the status they make is written when it
 * changed. A failure other than a conflict writes the fail-safe status (no disruption allowed,
 * `SyncFailed`) and is thrown for the queue to retry. Comes back when the first noted eviction expires.
 */
export async function reconcilePdb(key: string, deps: ReconcilePdbDeps): Promise<StepResult> {
  const slash = key.indexOf('/');
  const pdb = deps.getPdb(key.slice(0, slash), key.slice(slash + 1));
  if (!pdb) return 'continue';
  try {
    return await trySync(pdb, deps);
  } catch (err) {
    if (deps.isConflict(err)) throw err;
    const message = err instanceof Error ? err.message : String(err);
    deps.log(`disruption: failed to sync PDB ${key}: ${message}`);
    await writeStatus(pdb, failSafeStatus(pdb, message, deps.now().toISOString().replace(/\.\d+Z$/, 'Z')), deps);
    throw err;
  }
}

async function trySync(pdb: KubeObject, deps: ReconcilePdbDeps): Promise<StepResult> {
  const pods = podsForPdb(pdb, deps);
  if (pods.length === 0) deps.event(pdb, 'Normal', 'NoPods', 'No matching pods found');
  let expected;
  try {
    expected = expectedPodCount(pdb, pods, deps.findScale);
  } catch (err) {
    deps.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
  if (expected.unmanagedPods.length > 0) {
    deps.event(
      pdb,
      'Warning',
      'UnmanagedPods',
      `Pods selected by this PodDisruptionBudget (selector: ${JSON.stringify(pdbSpec(pdb).selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
    );
  }
  const now = deps.now();
  const disrupted = disruptedPodMap(pods, pdb, now.getTime());
  for (const name of disrupted.notDeleted) {
    const pod = pods.find((p) => p.metadata?.name === name);
    if (pod) deps.event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata?.namespace ?? ''}/${pdb.metadata?.name ?? ''} to be deleted but it wasn't`);
  }
  const counts = { currentHealthy: countHealthyPods(pods, disrupted.pods, now.getTime()), desiredHealthy: expected.desiredHealthy, expectedPods: expected.expectedCount, disruptedPods: disrupted.pods };
  const status = planPdbStatus(pdb, counts, now.toISOString().replace(/\.\d+Z$/, 'Z'));
  if (status) await writeStatus(pdb, status, deps);
  return disrupted.recheckAt === undefined ? 'continue' : { requeueAfterMs: Math.max(0, disrupted.recheckAt - deps.now().getTime()) };
}

/** getPodsForPdb: the namespace's pods its selector matches (a missing selector matches none; an empty one all). */
function podsForPdb(pdb: KubeObject, deps: ReconcilePdbDeps): KubeObject[] {
  const selector = pdbSpec(pdb).selector;
  if (!selector) return [];
  const requirements = labelSelectorRequirements(selector);
  if (requirements === null) throw new Error(`invalid selector ${JSON.stringify(selector)}`);
  return deps.listPods(pdb.metadata?.namespace ?? '').filter((pod) => matchesLabels(requirements, labelsOf(pod)));
}

/** The status PUT; a budget deleted meanwhile is done with. */
async function writeStatus(pdb: KubeObject, status: PdbStatus, deps: ReconcilePdbDeps): Promise<void> {
  try {
    await deps.updateStatus({ ...pdb, status });
  } catch (err) {
    if (!deps.isNotFound(err)) throw err;
  }
}
