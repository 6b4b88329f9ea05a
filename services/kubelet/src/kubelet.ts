import { busConfig, connectBus, type BusConnection } from '@kubeledger/bus';
import { EventRecorder, isConflict, isNotFound, KubeClient, loadKubeconfig, PODS, resourceInformer } from '@kubeledger/client';
import type { Config } from './config.js';
import { PodIpAllocator } from './network/pod-ip-allocator.js';
import { fallbackPodCidr } from './node/fallback-pod-cidr.js';
import { KUBELET_VERSION } from './node/node-status.js';
import { NodeController } from './node/node.controller.js';
import type { PodStepDeps } from './pods/pod-deps.js';
import { podStatusWriter } from './pods/pod-status-writer.js';
import type { Pod } from './pods/pod.js';
import { PodsController } from './pods/pods.controller.js';
import { FakeRuntime } from './runtime/fake-runtime.js';

export interface Kubelet {
  readonly podCidr: string;
  readonly pods: PodsController;
  readonly node: NodeController;
  /** Stops the loops and closes the connections; running pods are left as they are (upstream does the same). */
  stop(): Promise<void>;
}

/**
 * Starts a kubelet: registers its Node (and Lease), follows the pods bound to it from the bus
 * (only its node's subjects), and runs them through the runtime. Resolves once the Node is
 * registered and the pod informer has synced.
 */
export async function startKubelet(config: Config, log: (message: string) => void): Promise<Kubelet> {
  const node = config.nodeName;
  const client = new KubeClient({ ...loadKubeconfig(config.kubeconfigPath), userAgent: `kubelet/${KUBELET_VERSION} (linux) kubeledger/${node}` });
  let bus: BusConnection | undefined;
  try {
    bus = await connectBus(busConfig(config.bus), { name: `kubelet-${node}` });
    const runtime = new FakeRuntime();
    const nodeController = new NodeController({
      client,
      info: { name: node, address: config.nodeAddress, capacity: config.capacity, runtime: runtime.name },
      podCidr: config.podCidr ?? fallbackPodCidr(node),
      leaseDurationSeconds: config.leaseDurationSeconds,
      leaseRenewIntervalMs: config.leaseRenewIntervalMs,
      statusIntervalMs: config.nodeStatusIntervalMs,
      log,
    });
    const registered = await nodeController.register();
    const podCidr = registered.spec?.podCIDR ?? config.podCidr ?? fallbackPodCidr(node);
    const recorder = new EventRecorder(client, { component: 'kubelet', host: node }, { log });
    const deps: PodStepDeps = {
      runtime,
      ips: new PodIpAllocator(podCidr),
      hostIP: config.nodeAddress,
      podCidr,
      event: (pod, type, reason, message) => recorder.event({ apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata ?? {} }, type, reason, message),
      writeStatus: podStatusWriter(client),
      async deletePod(pod) {
        try {
          await client.delete(PODS, pod.metadata?.namespace, pod.metadata?.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid ?? '' } });
        } catch (err) {
          if (!isNotFound(err) && !isConflict(err)) throw err;
        }
      },
      now: () => new Date(),
      log,
    };
    const informer = resourceInformer<Pod>({
      client,
      bus,
      resource: PODS,
      fieldSelector: `spec.nodeName=${node}`,
      resyncPeriodMs: config.syncIntervalMs,
      name: `pods on ${node}`,
      log,
    });
    const pods = new PodsController({ informer, deps, workers: config.podWorkers, log });
    await pods.start();
    nodeController.start();
    const connection = bus;
    return {
      podCidr,
      pods,
      node: nodeController,
      async stop() {
        nodeController.stop();
        await pods.stop();
        await recorder.flush();
        await connection.close();
        await client.close();
      },
    };
  } catch (err) {
    await bus?.close();
    await client.close();
    throw err;
  }
}
