import { afterAll, beforeAll } from 'vitest';
import { startApiserver, type ApiserverProcess } from '@kubeledger/test-cluster';
import { Kubectl } from './kubectl.js';

interface Cluster {
  readonly server: ApiserverProcess;
  readonly kubectl: Kubectl;
}

export interface UsedCluster {
  /** The real kubectl, pointed at this file's apiserver. */
  readonly kubectl: Pick<Kubectl, 'run' | 'ok' | 'start'>;
  server(): ApiserverProcess;
}

/**
 * For one test file: an apiserver process of its own and a kubectl pointed at it, started before
 * and stopped after its tests; `env` adds apiserver settings (the ServiceAccount admission plugin
 * is off unless `env` turns it on: no controller-manager runs).
 */
export function useCluster(env: Record<string, string> = {}): UsedCluster {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    // No controller-manager creates the `default` ServiceAccount here: the ServiceAccount admission plugin would refuse pods.
    const server = await startApiserver({ KUBELEDGER_DISABLE_ADMISSION_PLUGINS: 'ServiceAccount', ...env });
    cluster = { server, kubectl: new Kubectl(server.kubeconfig) };
  });
  afterAll(async () => {
    cluster?.kubectl.dispose();
    await cluster?.server.stop();
  });
  const current = (): Cluster => {
    if (!cluster) throw new Error('the cluster is not started (use it inside tests)');
    return cluster;
  };
  return {
    kubectl: { run: (...args) => current().kubectl.run(...args), ok: (...args) => current().kubectl.ok(...args), start: (...args) => current().kubectl.start(...args) },
    server: () => current().server,
  };
}
