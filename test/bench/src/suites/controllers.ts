import { parseArgs } from 'node:util';
import { Cleanup } from '../cleanup.js';
import { countNamespaceContents, namespacedListPaths } from '../controllers/namespace-contents.js';
import { DEFAULT_MIX, populateNamespace } from '../controllers/populate-namespace.js';
import { timeRollout } from '../controllers/deployment-rollout.js';
import { waitUntil } from '../controllers/wait-until.js';
import { requestsBetween, scrapeRequestCounts, type RequestRow } from '../apiserver-requests.js';
import { expectOk, HttpClient } from '../http-client.js';
import { monitorPodCluster } from '../pods/monitor-pod-cluster.js';
import { startPodCluster } from '../pods/start-pod-cluster.js';
import { waitForReadyNodes } from '../pods/wait-for-ready-nodes.js';
import { printTable, progress, writeResults } from '../report.js';
import type { WindowUsage } from '../resource-monitor.js';
import { now, round } from '../stats.js';

/**
 * The controllers end to end (issue 8): the apiserver, scheduler, controller-manager and 100 fake
 * kubelets (as `bench pods` runs them), all real processes on this machine. Three phases, each
 * timed from the request to what a user waits for:
 * - a 1,000-replica Deployment created → `kubectl rollout status` done (every replica available);
 * - its pod template changed → the rolling update done (every replica new and available, no old pod);
 * - a namespace holding 5,000 objects (a 500-replica Deployment, ConfigMaps, Secrets,
 *   ServiceAccounts, Roles, RoleBindings) deleted → the namespace gone (GET 404).
 * Targets on 2 cores: Available < 10 s, rolling update < 30 s, namespace deletion < 20 s.
 */
const TARGETS = { available: 10, rollingUpdate: 30, namespaceDeletion: 20 };

interface PhaseFigures {
  readonly phase: string;
  readonly seconds: number;
  readonly targetSeconds: number;
  readonly detail: string;
  readonly resources: WindowUsage;
  /** What the apiserver served during the phase (its /metrics), busiest first. */
  readonly requests: readonly RequestRow[];
}

export async function run(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      nodes: { type: 'string', default: '100' },
      runners: { type: 'string', default: '3' },
      replicas: { type: 'string', default: '1000' },
      clients: { type: 'string', default: '32' },
      timeout: { type: 'string', default: '180' },
      phases: { type: 'string', default: 'deployment,namespace' },
      'cpu-prof': { type: 'string' },
    },
  });
  const nodes = Number(values.nodes);
  const replicas = Number(values.replicas);
  const timeoutMs = Number(values.timeout) * 1000;
  const phases = new Set(values.phases.split(','));
  if ([nodes, replicas, timeoutMs, Number(values.clients), Number(values.runners)].some((n) => !Number.isFinite(n) || n <= 0)) {
    throw new Error('--nodes, --runners, --replicas, --clients and --timeout take positive numbers');
  }
  const kubeletEnv = { KUBELEDGER_RUNTIME: 'fake', KUBELEDGER_NODE_PODS: '110', KUBELEDGER_NODE_CPU: '64', KUBELEDGER_NODE_MEMORY: '256Gi' };
  const cleanup = new Cleanup();
  const removeSignalHandlers = cleanup.onSignals();
  const figures: PhaseFigures[] = [];
  const results: Record<string, unknown> = { options: { nodes, runners: Number(values.runners), replicas, mix: DEFAULT_MIX }, targets: TARGETS, phases: figures };
  try {
    const cluster = await startPodCluster({ nodes, runners: Number(values.runners), kubeletEnv, controllerManager: true, ...(values['cpu-prof'] && { profileDir: values['cpu-prof'] }) }, cleanup);
    const client = new HttpClient(cluster.server.url, Number(values.clients), cluster.server.tls);
    cleanup.defer('HTTP client', async () => client.close());
    const monitor = await monitorPodCluster(cluster, cleanup);
    await waitForReadyNodes(client, nodes);
    const measure = async (phase: string, targetSeconds: number, body: () => Promise<{ seconds: number; detail: string }>) => {
      progress(`phase: ${phase}`);
      const before = await scrapeRequestCounts(client);
      await monitor.begin();
      const { seconds, detail } = await body();
      const resources = await monitor.end();
      const requests = requestsBetween(before, await scrapeRequestCounts(client));
      progress(`  ${phase}: ${round(seconds, 1)} s (target < ${targetSeconds} s) — ${detail}`);
      figures.push({ phase, seconds: round(seconds, 2), targetSeconds, detail, resources, requests });
    };

    if (phases.has('deployment')) {
      const namespace = await freshNamespace(client, 'bench-deployment');
      const path = `/apis/apps/v1/namespaces/${namespace}/deployments/web`;
      await measure(`${replicas}-replica Deployment Available`, TARGETS.available, async () => {
        const r = await timeRollout(client, path, () => expectOk(client.request('POST', `/apis/apps/v1/namespaces/${namespace}/deployments`, deployment('web', replicas, 'registry.example/web:1'))), timeoutMs);
        return { seconds: r.seconds, detail: `first pod available after ${round(r.firstAvailableSeconds ?? 0, 1)} s` };
      });
      await measure(`rolling update of ${replicas} replicas`, TARGETS.rollingUpdate, async () => {
        const patch = { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.example/web:2' }] } } } };
        const r = await timeRollout(client, path, () => expectOk(client.request('PATCH', path, patch, { 'content-type': 'application/strategic-merge-patch+json' })), timeoutMs);
        return { seconds: r.seconds, detail: 'maxSurge 25 %, maxUnavailable 25 %' };
      });
    }

    if (phases.has('namespace')) {
      const namespace = await freshNamespace(client, 'bench-namespace');
      await populateNamespace(client, namespace, DEFAULT_MIX, Number(values.clients), deployment('filler', DEFAULT_MIX.deploymentReplicas, 'registry.example/filler:1'));
      await timeRollout(client, `/apis/apps/v1/namespaces/${namespace}/deployments/filler`, async () => undefined, timeoutMs);
      const listPaths = await namespacedListPaths(client);
      const contents = await countNamespaceContents(client, listPaths, namespace);
      const total = Object.values(contents).reduce((a, b) => a + b, 0);
      progress(`  ${namespace} holds ${total} objects: ${JSON.stringify(contents)}`);
      results['namespaceContents'] = contents;
      await measure(`deletion of a namespace of ${total} objects`, TARGETS.namespaceDeletion, async () => {
        const since = now();
        await expectOk(client.request('DELETE', `/api/v1/namespaces/${namespace}`));
        let status = '';
        const { ms } = await waitUntil(
          'namespace deletion',
          async () => {
            const res = await client.request('GET', `/api/v1/namespaces/${namespace}`);
            if (res.status === 404) return true;
            const ns = JSON.parse(res.body.toString()) as { status?: { phase?: string; conditions?: { type: string; status: string; message?: string }[] } };
            status = `${ns.status?.phase}; ${(ns.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => `${c.type}: ${c.message ?? ''}`).join('; ')}`;
            return undefined;
          },
          { since, timeoutMs, everyMs: 100, describe: () => status },
        );
        return { seconds: ms / 1000, detail: `${total} objects, ${contents['pods'] ?? 0} of them pods` };
      });
    }

    printControllersReport(figures);
    const file = await writeResults('controllers', results);
    console.log(`\nresults written to ${file}`);
  } catch (err) {
    results['error'] = (err as Error).message;
    await writeResults('controllers', results).catch(() => undefined);
    throw err;
  } finally {
    await cleanup.run();
    removeSignalHandlers();
  }
}

/** Creates the namespace and waits (10 s at most) for its `default` ServiceAccount, without which its pods are refused. */
async function freshNamespace(client: HttpClient, name: string): Promise<string> {
  await expectOk(client.request('POST', '/api/v1/namespaces', { metadata: { name } }));
  const since = now();
  while (now() - since < 10_000) {
    if ((await client.request('GET', `/api/v1/namespaces/${name}/serviceaccounts/default`)).status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return name;
}

function deployment(name: string, replicas: number, image: string): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } } },
  };
}

function printControllersReport(figures: readonly PhaseFigures[]): void {
  printTable(
    'Controllers (fake runtime; apiserver, scheduler, controller-manager, kubelets, Postgres and NATS share this machine)',
    figures.map((f) => ({ phase: f.phase, seconds: f.seconds, target: `< ${f.targetSeconds}`, met: f.seconds < f.targetSeconds ? 'yes' : 'NO', detail: f.detail })),
  );
  for (const f of figures) {
    printTable(
      `CPU during "${f.phase}" (${f.resources.seconds} s, machine ${f.resources.machineBusyPercent} % busy)`,
      f.resources.targets.map((t) => ({ process: t.name, 'cpu s': t.cpuSeconds, cores: t.cores, 'peak RSS MiB': t.peakRssMiB ?? '' })),
    );
    printTable(
      `Requests the apiserver served during "${f.phase}" (10 busiest)`,
      f.requests.slice(0, 10).map((r) => ({ request: r.request, count: r.count, 'mean ms': r.meanMs, 'not 2xx': Object.entries(r.failed).map(([c, n]) => `${c}: ${n}`).join(', ') })),
    );
  }
}

