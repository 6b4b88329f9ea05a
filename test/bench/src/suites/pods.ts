import { parseArgs } from 'node:util';
import { Cleanup } from '../cleanup.js';
import { HttpClient } from '../http-client.js';
import { monitorPodCluster } from '../pods/monitor-pod-cluster.js';
import { printPodsReport } from '../pods/print-pods-report.js';
import { runPhase, type PhaseResult } from '../pods/run-phase.js';
import { startPodCluster } from '../pods/start-pod-cluster.js';
import { waitForReadyNodes } from '../pods/wait-for-ready-nodes.js';
import { progress, writeResults } from '../report.js';
import type { WindowUsage } from '../resource-monitor.js';

/**
 * Pod startup end to end (DESIGN §9): the apiserver, the scheduler, the controller-manager and
 * 100 fake kubelets (a few processes hosting many kubelets each, every kubelet with its own node
 * identity and NATS connection), all real processes on this machine; pods created open-loop at a
 * fixed rate, 1,000 then 10,000, each phase in namespaces of its own. Per phase: pods/s from the
 * first create to the last pod Running, startup latency (create due → Ready observed through a
 * watch in this process, sub-second; creationTimestamp → Ready as upstream's SLI defines it, with
 * its whole-second precision), time to bound, the scheduler's bindings/s, and the CPU and peak
 * RSS of every process. Targets on 2 cores: ≥ 300 pods/s sustained, p99 startup < 2 s.
 */
const TARGET_PODS_PER_SEC = 300;
const TARGET_P99_MS = 2000;

export async function run(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      counts: { type: 'string', default: '1000,10000' },
      rate: { type: 'string', default: String(TARGET_PODS_PER_SEC) },
      nodes: { type: 'string', default: '100' },
      runners: { type: 'string', default: '3' },
      clients: { type: 'string', default: '64' },
      namespaces: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '300' },
      timeout: { type: 'string', default: '120' },
      settle: { type: 'string', default: '5' },
      'lease-interval': { type: 'string', default: '10' },
      'status-interval': { type: 'string', default: '10' },
      'without-controller-manager': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
    },
  });
  const counts = values.counts.split(',').map(Number);
  const rate = Number(values.rate);
  const nodes = Number(values.nodes);
  const warmup = Number(values.warmup);
  const timeoutMs = Number(values.timeout) * 1000;
  const namespaces = Number(values.namespaces);
  if ([rate, nodes, warmup, timeoutMs, namespaces, ...counts].some((n) => !Number.isFinite(n) || n < 0)) throw new Error('--counts, --rate, --nodes, --warmup, --timeout and --namespaces take non-negative numbers');
  const total = warmup + counts.reduce((a, b) => a + b, 0);
  // Every pod of every phase stays; room for all of them, however the scheduler spreads them.
  const podsPerNode = Math.max(110, Math.ceil((1.5 * total) / nodes));
  const kubeletEnv = {
    KUBELEDGER_RUNTIME: 'fake',
    KUBELEDGER_NODE_PODS: String(podsPerNode),
    KUBELEDGER_NODE_CPU: '64',
    KUBELEDGER_NODE_MEMORY: '256Gi',
    KUBELEDGER_NODE_LEASE_RENEW_INTERVAL: values['lease-interval'],
    KUBELEDGER_NODE_STATUS_INTERVAL: values['status-interval'],
  };

  const cleanup = new Cleanup();
  const removeSignalHandlers = cleanup.onSignals();
  const results: Record<string, unknown> = {
    options: { counts, rate, nodes, runners: Number(values.runners), clients: Number(values.clients), namespacesPerPhase: namespaces, warmup, timeoutSeconds: timeoutMs / 1000 },
    kubelets: kubeletEnv,
  };
  const phases: PhaseResult[] = [];
  try {
    const cluster = await startPodCluster(
      { nodes, runners: Number(values.runners), kubeletEnv, controllerManager: !values['without-controller-manager'], ...(values['cpu-prof'] && { profileDir: values['cpu-prof'] }) },
      cleanup,
    );
    if (values['cpu-prof']) progress(`every component writes a CPU profile into ${values['cpu-prof']} when they stop`);
    const client = new HttpClient(cluster.server.url, Number(values.clients), cluster.server.tls);
    cleanup.defer('HTTP client', async () => client.close());
    const monitor = await monitorPodCluster(cluster, cleanup);
    await waitForReadyNodes(client, nodes);

    const settle = () => new Promise((r) => setTimeout(r, Number(values.settle) * 1000));
    // The fixed cost of the cluster before any pod: heartbeats, Leases, informers.
    await monitor.begin();
    await settle();
    const atRest: WindowUsage = (results['atRest'] = await monitor.end());
    const phaseList = [...(warmup > 0 ? [{ name: 'warmup', count: warmup }] : []), ...counts.map((count) => ({ name: `${count}`, count }))];
    for (const [index, phase] of phaseList.entries()) {
      if (index > 0) await settle();
      const result = await runPhase({ ...phase, index, rate, namespaces, timeoutMs, client, monitor, cluster });
      if (phase.name !== 'warmup') phases.push(result);
      else progress(`warm-up done (not reported): ${result.figures.endToEndPodsPerSec} pods/s, p99 startup ${result.figures.startup.p99Ms} ms`);
    }
    printPodsReport(phases, atRest, { podsPerSec: TARGET_PODS_PER_SEC, p99Ms: TARGET_P99_MS }, { nodes, runners: cluster.runners.length, rate, kubeletEnv });
    results['phases'] = phases;
    const file = await writeResults('pods', results);
    console.log(`\nresults written to ${file}`);
  } catch (err) {
    results['phases'] = phases;
    results['error'] = (err as Error).message;
    await writeResults('pods', results).catch(() => undefined);
    throw err;
  } finally {
    await cleanup.run();
    removeSignalHandlers();
  }
}

