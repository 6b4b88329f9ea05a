import { busConfig, connectBus, type BusConnection } from '@kubeledger/bus';
import { CONFIGMAPS, EventRecorder, ifExists, isConflict, isNotFound, KubeClient, loadKubeconfig, PODS, resourceInformer, SECRETS } from '@kubeledger/client';
import type { KubeObject } from '@kubeledger/api';
import type { Config } from './config.js';
import { PodIpAllocator } from './network/pod-ip-allocator.js';
import { fallbackPodCidr } from './node/fallback-pod-cidr.js';
import { KUBELET_VERSION } from './node/node-status.js';
import { NodeController } from './node/node.controller.js';
import type { PodStepDeps } from './pods/pod-deps.js';
import { podStatusWriter } from './pods/pod-status-writer.js';
import type { Pod } from './pods/pod.js';
import { PodsController } from './pods/pods.controller.js';
import { ContainerHistories } from './pods/container-history.js';
import { ProbeManager } from './probes/probe-manager.js';
import type { EnvSources } from './pods/container-env.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';
import { FakeRuntime } from './runtime/fake-runtime.js';
import { ProcessRuntime } from './runtime/process-runtime.js';
import { setUpProjectedVolumes } from './volumes/projected-volumes.js';
import { ProjectedTokenCache } from './volumes/token-refresh.js';
import { projectionSources } from './volumes/projection-sources.js';
import { currentContainerStatus } from './logs/current-container-status.js';
import { accessReviewer, tokenReviewer } from './server/api-reviews.js';
import { kubeletAuthenticator } from './server/authenticate-request.js';
import { startKubeletServer, type KubeletServer } from './server/kubelet-server.js';
import { kubeletServingCertificate } from './server/serving-certificate.js';

export interface Kubelet {
  readonly podCidr: string;
  /** The port its HTTPS server (container logs) listens on. */
  readonly port: number;
  readonly pods: PodsController;
  readonly node: NodeController;
  /**
   * Stops the loops and closes the connections. With the fake runtime pods are left as they are
   * (upstream does the same); the process runtime stops its processes: none outlives the kubelet.
   */
  stop(): Promise<void>;
}

/**
 * Starts a kubelet: registers its Node (and Lease), follows the pods bound to it from the bus
 * (only its node's subjects), and runs them through the runtime. Resolves once the Node is
 * registered and the pod informer has synced.
 */
export async function startKubelet(config: Config, log: (message: string) => void): Promise<Kubelet> {
  const node = config.nodeName;
  const kubeconfig = loadKubeconfig(config.kubeconfigPath);
  const userAgent = `kubelet/${KUBELET_VERSION} (linux) kubeledger/${node}`;
  const client = new KubeClient({ ...kubeconfig, userAgent, maxConnections: config.apiConnections });
  // The Node's status and Lease go through a client of their own (upstream's heartbeat client), so
  // they never wait behind the pods' requests for one of the capped connections.
  const heartbeatClient = new KubeClient({ ...kubeconfig, userAgent });
  let bus: BusConnection | undefined;
  let server: KubeletServer | undefined;
  try {
    bus = await connectBus(busConfig(config.bus), { name: `kubelet-${node}` });
    const runtime = createRuntime(config, log);
    const history = new ContainerHistories();
    const informer = resourceInformer<Pod>({
      client,
      bus,
      resource: PODS,
      fieldSelector: `spec.nodeName=${node}`,
      resyncPeriodMs: config.syncIntervalMs,
      name: `pods on ${node}`,
      log,
    });
    const serving = await kubeletServingCertificate(config.server, node, config.nodeAddress);
    server = await startKubeletServer({
      host: config.nodeAddress,
      port: config.server.port,
      tls: serving,
      clientCa: kubeconfig.ca,
      nodeName: node,
      authenticate: kubeletAuthenticator(tokenReviewer(client)),
      authorize: accessReviewer(client),
      logs: {
        pod: (namespace, name) => informer.getByKey(`${namespace}/${name}`),
        containerStatus: (pod, name) => currentContainerStatus(pod, name, { runtime, history, hostIP: config.nodeAddress, now: () => new Date() }),
        containerLog: (uid, name, restartCount) => runtime.containerLog(uid, name, restartCount),
        now: () => new Date(),
      },
      log,
    });
    log(`serving container logs on https://${config.nodeAddress}:${server.port} (${serving.source} certificate)`);
    const nodeController = new NodeController({
      client: heartbeatClient,
      info: { name: node, address: config.nodeAddress, capacity: config.capacity, runtime: runtime.name, kubeletPort: server.port },
      podCidr: config.podCidr ?? fallbackPodCidr(node),
      leaseDurationSeconds: config.leaseDurationSeconds,
      leaseRenewIntervalMs: config.leaseRenewIntervalMs,
      statusIntervalMs: config.nodeStatusIntervalMs,
      log,
    });
    const registered = await nodeController.register();
    const podCidr = registered.spec?.podCIDR ?? config.podCidr ?? fallbackPodCidr(node);
    const recorder = new EventRecorder(client, { component: 'kubelet', host: node }, { log });
    const event: PodStepDeps['event'] = (pod, type, reason, message) => recorder.event({ apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata ?? {} }, type, reason, message);
    const env = envSources(client, config);
    // The process runtime's containers read their projected volumes' files in the pod's sandbox.
    const sources = projectionSources(client, env);
    const tokens = new ProjectedTokenCache();
    const volumes =
      runtime instanceof ProcessRuntime ? (pod: Pod) => setUpProjectedVolumes(pod, runtime.podDir(pod.metadata?.uid ?? ''), { sources, tokens, now: () => new Date(), log }) : undefined;
    const deps: PodStepDeps = {
      runtime,
      probes: new ProbeManager({ runtime, event }),
      ips: new PodIpAllocator(podCidr),
      hostIP: config.nodeAddress,
      podCidr,
      history,
      backoff: config.restartBackoff,
      env,
      ...(volumes && { volumes }),
      event,
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
    const pods = new PodsController({ informer, deps, workers: config.podWorkers, log });
    await pods.start();
    nodeController.start();
    const connection = bus;
    const kubeletServer = server;
    return {
      podCidr,
      port: kubeletServer.port,
      pods,
      node: nodeController,
      async stop() {
        await kubeletServer.close();
        nodeController.stop();
        await pods.stop();
        await runtime.shutdown?.();
        await recorder.flush();
        await connection.close();
        await client.close();
        await heartbeatClient.close();
      },
    };
  } catch (err) {
    await server?.close();
    await bus?.close();
    await client.close();
    await heartbeatClient.close();
    throw err;
  }
}

function createRuntime(config: Config, log: (message: string) => void): ContainerRuntime {
  switch (config.runtime) {
    case 'fake':
      return new FakeRuntime();
    case 'process': {
      const runtime = new ProcessRuntime({ stateDir: config.stateDir, log });
      const killed = runtime.recover();
      if (killed > 0) log(`killed ${killed} container process(es) a previous kubelet left running; their containers start again`);
      return runtime;
    }
    default: {
      const never: never = config.runtime;
      throw new Error(`unknown runtime ${String(never)}`);
    }
  }
}

/** ConfigMaps and Secrets read with the kubelet's own client (the Node authorizer lets it read those its pods reference). */
function envSources(client: KubeClient, config: Config): EnvSources {
  const read = (ref: typeof CONFIGMAPS, namespace: string, name: string) => ifExists(client.get<KubeObject & { data?: Record<string, string> }>(ref, namespace, name));
  return {
    async configMap(namespace, name) {
      const cm = await read(CONFIGMAPS, namespace, name);
      return cm && { ...cm.data };
    },
    async secret(namespace, name) {
      const secret = await read(SECRETS, namespace, name);
      return secret && Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    },
    nodeCapacity: { cpu: config.capacity.cpu, memory: config.capacity.memory },
  };
}
