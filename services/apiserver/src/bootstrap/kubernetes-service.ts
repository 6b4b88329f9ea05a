import { isStatusError, type KubeObject } from '@kubeledger/api';
import type { WriteContext } from '@kubeledger/event-store';
import type { Registry } from '../registry/registry.js';

const ACTOR: WriteContext = { actor: { user: 'system:apiserver' } };
/** How often every replica checks the `kubernetes` Service (upstream's controlplane controller: 10 s). */
export const KUBERNETES_SERVICE_INTERVAL_MS = 10_000;

interface ServicePort {
  name?: string;
  port?: number;
  protocol?: string;
  targetPort?: number | string;
}

/** The `kubernetes` Service as upstream's controlplane controller makes it: 443/https to the apiserver's port, the range's first IP. */
function desired(clusterIP: string, port: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP, sessionAffinity: 'None', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }] },
  };
}

const portsOf = (svc: KubeObject): ServicePort[] => ((svc['spec'] as { ports?: ServicePort[] } | undefined)?.ports ?? []);

/**
 * Creates the `kubernetes` Service in `default` if it is missing, and puts back its type and
 * ports if they were changed (CreateOrUpdateMasterServiceIfNeeded). Every replica runs it: the
 * create is create-if-absent, so there is never a second one; a conflicting write is retried on the
 * next round. Returns what it did.
 */
export async function reconcileKubernetesService(registry: Registry, port: number): Promise<'created' | 'updated' | 'unchanged'> {
  const services = registry.find('', 'v1', 'services')!;
  const want = desired(registry.clusterIps.range.first, port);
  let current: KubeObject;
  try {
    current = await services.get('default', 'kubernetes');
  } catch (err) {
    if (!(isStatusError(err) && err.code === 404)) throw err;
    try {
      await services.create('default', want, ACTOR);
      return 'created';
    } catch (createErr) {
      if (isStatusError(createErr) && createErr.reason === 'AlreadyExists') return 'unchanged';
      throw createErr;
    }
  }
  const wantPorts = portsOf(want);
  const havePorts = portsOf(current);
  const type = (current['spec'] as { type?: string } | undefined)?.type;
  const samePorts =
    havePorts.length === wantPorts.length &&
    wantPorts.every((w, i) => havePorts[i]?.name === w.name && havePorts[i]?.port === w.port && havePorts[i]?.protocol === w.protocol && havePorts[i]?.targetPort === w.targetPort);
  if (samePorts && type === 'ClusterIP') return 'unchanged';
  const spec = { ...(current['spec'] as Record<string, unknown>), type: 'ClusterIP', ports: wantPorts };
  await services.update('default', 'kubernetes', { ...current, spec }, ACTOR);
  return 'updated';
}

/** Reconciles now and then every interval until stopped; failures are logged and retried on the next round. */
export function startKubernetesServiceReconciler(registry: Registry, port: number, log: (message: string) => void, intervalMs = KUBERNETES_SERVICE_INTERVAL_MS): () => void {
  let running = true;
  const round = () =>
    reconcileKubernetesService(registry, port).catch((err: unknown) => {
      if (running) log(`the kubernetes service could not be reconciled: ${(err as Error).message}`);
    });
  void round();
  const timer = setInterval(() => void round(), intervalMs);
  timer.unref();
  return () => {
    running = false;
    clearInterval(timer);
  };
}
