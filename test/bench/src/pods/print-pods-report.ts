import os from 'node:os';
import { printTable } from '../report.js';
import type { WindowUsage } from '../resource-monitor.js';
import { round } from '../stats.js';
import type { PhaseResult } from './run-phase.js';

export interface PodsTargets {
  readonly podsPerSec: number;
  readonly p99Ms: number;
}

/** The tables of the pods benchmark: throughput, startup latency, CPU and memory per process, the apiserver's requests, the cluster at rest, the targets. */
export function printPodsReport(phases: readonly PhaseResult[], atRest: WindowUsage, targets: PodsTargets, setup: { nodes: number; runners: number; rate: number; kubeletEnv: Readonly<Record<string, string>> }): void {
  const { kubeletEnv } = setup;
  console.log(
    `\n${setup.nodes} fake kubelets in ${setup.runners} processes (${kubeletEnv['KUBELEDGER_NODE_PODS']} pods per node; Lease renewed every ${kubeletEnv['KUBELEDGER_NODE_LEASE_RENEW_INTERVAL']} s, ` +
      `Node status every ${kubeletEnv['KUBELEDGER_NODE_STATUS_INTERVAL']} s); creates open-loop at ${setup.rate}/s. Times are observed by this process through a pod watch ` +
      '(create due → event received), sub-second; "creationTimestamp → Ready" is upstream\'s SLI, whose timestamp has whole seconds only.',
  );
  printTable(
    'Throughput',
    phases.map((p) => ({
      pods: p.pods,
      'offered/s': p.rate,
      'creates/s': p.create.perSec,
      'create p99 ms': p.create.latency.p99Ms,
      'end-to-end pods/s': p.figures.endToEndPodsPerSec,
      'scheduler bindings/s': p.figures.scheduler.bindingsPerSec,
      'peak bindings/s': p.figures.scheduler.peakBindingsPerSec,
      'pods/node min–max': `${p.figures.podsPerNode.min}–${p.figures.podsPerNode.max}`,
    })),
  );
  printTable(
    'Pod startup latency, ms (p50 / p99 / max)',
    phases.map((p) => ({
      pods: p.pods,
      'create → Ready': triple(p.figures.startup),
      'create → bound': triple(p.figures.toBound),
      'created → on the watch': triple(p.figures.createdToSeen),
      'bound → Ready': triple(p.figures.boundToReady),
      'creationTimestamp → Ready': triple(p.figures.creationTimestampToReady),
    })),
  );
  const cores = os.cpus().length;
  printTable(
    'CPU and memory per process (CPU seconds over the phase, average cores used, highest RSS sampled every 0.5 s)',
    phases.flatMap((p): Record<string, string | number>[] => {
      const machine = (p.resources.machineBusyPercent / 100) * cores * p.resources.seconds;
      const listed = p.resources.targets.reduce((sum, t) => sum + t.cpuSeconds, 0);
      const row = (process: string, cpu: number) => ({ pods: p.pods, process, 'CPU s': round(cpu), cores: round(cpu / p.resources.seconds), 'peak RSS MiB': '—' });
      return [
        ...p.resources.targets.map((t) => ({ pods: p.pods, process: t.name, 'CPU s': t.cpuSeconds, cores: t.cores, 'peak RSS MiB': t.peakRssMiB ?? '—' })),
        row('the rest (other users, Postgres background, kernel)', Math.max(0, machine - listed)),
        row(`whole machine: ${p.resources.machineBusyPercent} % busy over ${p.resources.seconds} s`, machine),
      ];
    }),
  );
  for (const p of phases) {
    printTable(
      `apiserver requests during the ${p.pods}-pod phase (its /metrics; watches excluded)`,
      p.requests.slice(0, 12).map((r) => ({
        request: r.request,
        count: r.count,
        'per pod': round(r.count / p.pods, 2),
        'mean ms': r.meanMs,
        'not 2xx': Object.entries(r.failed).map(([code, n]) => `${n}× ${code}`).join(', ') || '—',
      })),
    );
  }
  printTable(
    `At rest before the first pod (${atRest.seconds} s; machine ${atRest.machineBusyPercent} % busy): the fixed cost of ${setup.nodes} nodes`,
    atRest.targets.map((t) => ({ process: t.name, cores: t.cores, 'RSS MiB': t.peakRssMiB ?? '—' })),
  );
  printTable(
    `Targets (2 cores): ≥ ${targets.podsPerSec} pods/s end to end, p99 startup < ${targets.p99Ms / 1000} s`,
    phases.map((p) => ({
      pods: p.pods,
      'pods/s': `${p.figures.endToEndPodsPerSec} ${p.figures.endToEndPodsPerSec >= targets.podsPerSec ? 'met' : 'MISSED'}`,
      'p99 startup': `${round(p.figures.startup.p99Ms / 1000)} s ${p.figures.startup.p99Ms < targets.p99Ms ? 'met' : 'MISSED'}`,
    })),
  );
}

const triple = (l: { p50Ms: number; p99Ms: number; maxMs: number }) => `${Math.round(l.p50Ms)} / ${Math.round(l.p99Ms)} / ${Math.round(l.maxMs)}`;
