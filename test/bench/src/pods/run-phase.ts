import { expectOk, type HttpClient } from '../http-client.js';
import { createPodNamespace } from '../pod-namespace.js';
import { requestsBetween, scrapeRequestCounts, type RequestRow } from '../apiserver-requests.js';
import { progress } from '../report.js';
import type { ResourceMonitor, WindowUsage } from '../resource-monitor.js';
import { now } from '../stats.js';
import { createPodsAtRate, type CreateOutcome, type PodToCreate } from './create-pods-at-rate.js';
import { PodStartupWatch } from './pod-startup-watch.js';
import { markOutput, type ComponentMessages } from './mark-output.js';
import type { PodCluster } from './start-pod-cluster.js';
import { startupFigures, type SlowPod, type StartupFigures } from './startup-figures.js';

/** The label that puts a phase's pods on its watch. */
const PHASE_LABEL = 'kubeledger.io/bench-phase';

export interface PhaseResult {
  readonly name: string;
  readonly pods: number;
  readonly rate: number;
  readonly create: CreateOutcome;
  readonly figures: StartupFigures;
  readonly resources: WindowUsage;
  /** What the apiserver served during the phase (its /metrics), busiest first. */
  readonly requests: readonly RequestRow[];
  /** What the components printed during the phase: problems (a healthy one prints nothing per pod). */
  readonly messages: readonly ComponentMessages[];
}

export interface PhaseContext {
  readonly name: string;
  readonly count: number;
  readonly index: number;
  readonly rate: number;
  readonly namespaces: number;
  readonly timeoutMs: number;
  readonly client: HttpClient;
  readonly monitor: ResourceMonitor;
  readonly cluster: PodCluster;
}

/** One phase: fresh namespaces, a watch on their pods, creates at the rate, then waiting until every pod is Ready (or the deadline). */
export async function runPhase(p: PhaseContext): Promise<PhaseResult> {
  const label = `p${p.index}-${p.name}`;
  const nsNames = Array.from({ length: Math.max(1, Math.min(p.namespaces, p.count)) }, (_, i) => `bench-${label}-${i}`);
  for (const ns of nsNames) await createPodNamespace(p.client, ns);
  const list = JSON.parse((await expectOk(p.client.request('GET', `/api/v1/namespaces/${nsNames[0]}/pods?limit=1`))).body.toString());
  const watch = new PodStartupWatch();
  await watch.open(p.client, `${PHASE_LABEL}=${label}`, list.metadata.resourceVersion as string);
  const pods: PodToCreate[] = Array.from({ length: p.count }, (_, i) => {
    const namespace = nsNames[i % nsNames.length]!;
    const name = `pod-${String(i).padStart(5, '0')}`;
    return { namespace, name, body: podManifest(name, namespace, label) };
  });

  progress(`phase ${p.name}: ${p.count} pods at ${p.rate}/s in ${nsNames.length} namespaces (${Math.round(p.count / nsNames.length)} each)`);
  const requestsBefore = await scrapeRequestCounts(p.client);
  const messagesSince = markOutput(p.cluster);
  await p.monitor.begin();
  const started = now();
  const ticker = setInterval(() => progress(`  ${p.name}: ${((now() - started) / 1000).toFixed(0)} s  ${describeCounts(watch, p.count)}`), 2000);
  try {
    const create = await createPodsAtRate(p.client, pods, p.rate, watch);
    progress(`  ${p.name}: every create acknowledged (${create.perSec}/s achieved, p99 ${create.latency.p99Ms} ms${Object.keys(create.retries).length ? `, retried: ${JSON.stringify(create.retries)}` : ''}); waiting for every pod Ready`);
    const deadline = now() + p.timeoutMs;
    while (watch.counts.ready < p.count) {
      if (watch.failure) throw watch.failure;
      if (now() > deadline) throw new Error(notConverged(p, watch));
      await new Promise((r) => setTimeout(r, 50));
    }
    const resources = await p.monitor.end();
    const requests = requestsBetween(requestsBefore, await scrapeRequestCounts(p.client));
    const messages = messagesSince();
    const figures = startupFigures(watch.pods);
    progress(`  ${p.name}: all ${p.count} Ready — ${figures.endToEndPodsPerSec} pods/s end to end, startup p50 ${figures.startup.p50Ms} ms, p99 ${figures.startup.p99Ms} ms`);
    const slow = (pods: readonly SlowPod[]) => pods.map((s) => `${s.pod} on ${s.node} ${s.startupMs} ms (bound after ${s.toBoundMs}, Ready ${s.boundToReadyMs} later)`).join('; ');
    progress(`  ${p.name}: slowest: ${slow(figures.slowest)}`);
    progress(`  ${p.name}: slowest from bound to Ready: ${slow(figures.slowestAfterBinding)}`);
    for (const m of messages) progress(`  ${p.name}: ${m.component} printed ${m.count} line(s), e.g. ${m.lines[0]}`);
    return { name: p.name, pods: p.count, rate: p.rate, create, figures, resources, requests, messages };
  } finally {
    clearInterval(ticker);
    watch.close();
  }
}

function describeCounts(watch: PodStartupWatch, total: number): string {
  const c = watch.counts;
  return `sent ${watch.pods.size}/${total}  created ${c.created}  bound ${c.bound}  Running ${c.running}  Ready ${c.ready}`;
}

/** Why a phase did not converge, stage by stage, with the last lines of the components that should have moved it on. */
function notConverged(p: PhaseContext, watch: PodStartupWatch): string {
  const c = watch.counts;
  const pending = [...watch.pods].filter(([, t]) => t.readyAt === undefined);
  const stuck = (what: string, test: (t: (typeof pending)[number][1]) => boolean) => {
    const names = pending.filter(([, t]) => test(t)).map(([k]) => k);
    return names.length ? `${names.length} ${what} (e.g. ${names.slice(0, 3).join(', ')})` : '';
  };
  const stages = [
    stuck('never acknowledged', (t) => t.createdAt === undefined),
    stuck('never bound', (t) => t.createdAt !== undefined && t.boundAt === undefined),
    stuck('bound but never Running', (t) => t.boundAt !== undefined && t.runningAt === undefined),
    stuck('Running but never Ready', (t) => t.runningAt !== undefined),
  ].filter(Boolean);
  const tail = (name: string, lines: readonly string[]) => `--- last lines of ${name}:\n${lines.slice(-5).join('\n')}`;
  return [
    `phase ${p.name}: only ${c.ready} of ${p.count} pods Ready ${p.timeoutMs / 1000} s after the last create (${describeCounts(watch, p.count)}): ${stages.join('; ')}`,
    tail('the scheduler', p.cluster.scheduler.output),
    ...p.cluster.runners.map((r, i) => tail(`kubelet runner ${i + 1}`, r.output)),
  ].join('\n');
}

/** A pod as a ReplicaSet would make it: one container, requests, labels (the phase label selects it for the watch). */
function podManifest(name: string, namespace: string, phase: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'pods-bench', [PHASE_LABEL]: phase } },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example/bench/app:1.2.3',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        },
      ],
    },
  };
}

