import { deepCopy, isStatusError, type KubeObject } from '@kubeledger/api';
import type { WriteContext } from '@kubeledger/event-store';
import { BOOTSTRAP_CLUSTER_ROLES, BOOTSTRAP_CLUSTER_ROLE_BINDINGS } from '../authorization/bootstrap-policy/bootstrap-policy.js';
import { reconcileRole, reconcileRoleBinding } from '../authorization/bootstrap-policy/reconcile.js';
import type { GenericStore } from '../registry/generic-store.js';
import type { Registry } from '../registry/registry.js';

const ACTOR: WriteContext = { actor: { user: 'system:apiserver' } };
const ATTEMPTS = 5;

/**
 * Upstream's bootstrap RBAC policy (the rbac/bootstrap-roles post-start hook): every default
 * ClusterRole and ClusterRoleBinding is created when missing and reconciled when present — missing
 * rules and subjects added, additions kept, a changed roleRef recreated, and objects annotated
 * `rbac.authorization.kubernetes.io/autoupdate: "false"` left alone. Safe on every start and from
 * every replica at once (a lost race is retried on the fresh object).
 */
export async function bootstrapRbac(registry: Registry): Promise<void> {
  const roles = registry.find('rbac.authorization.k8s.io', 'v1', 'clusterroles')!;
  const bindings = registry.find('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings')!;
  for (const role of BOOTSTRAP_CLUSTER_ROLES) await ensure(roles, role, (existing) => reconcileRole(existing, role));
  for (const binding of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) await ensure(bindings, binding, (existing) => reconcileRoleBinding(existing, binding));
}

type Decision = { operation: 'none' | 'update' | 'recreate'; protected: boolean; write?: KubeObject };

async function ensure(store: GenericStore, wanted: KubeObject, decide: (existing: KubeObject) => Decision): Promise<void> {
  const name = wanted.metadata!.name!;
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = await read(store, name);
      if (!existing) {
        await store.create('', deepCopy(wanted), ACTOR);
        return;
      }
      const decision = decide(existing);
      if (decision.protected || decision.operation === 'none' || !decision.write) return;
      if (decision.operation === 'recreate') {
        await store.delete('', name, { preconditions: { ...(existing.metadata?.uid && { uid: existing.metadata.uid }) } }, ACTOR);
        await store.create('', decision.write, ACTOR);
      } else {
        await store.update('', name, decision.write, ACTOR);
      }
      return;
    } catch (err) {
      const lostRace = isStatusError(err) && (err.reason === 'AlreadyExists' || err.reason === 'Conflict' || err.reason === 'NotFound');
      if (!lostRace || attempt >= ATTEMPTS) throw err;
    }
  }
}

async function read(store: GenericStore, name: string): Promise<KubeObject | undefined> {
  try {
    return await store.get('', name);
  } catch (err) {
    if (isStatusError(err) && err.reason === 'NotFound') return undefined;
    throw err;
  }
}
