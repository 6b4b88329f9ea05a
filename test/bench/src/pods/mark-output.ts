import type { PodCluster } from './start-pod-cluster.js';

/** What the components printed from a point on (after `ready`, a healthy component prints nothing per pod). */
export interface ComponentMessages {
  readonly component: string;
  readonly count: number;
  /** The first hundred (the kubelet runners keep their last 500). */
  readonly lines: readonly string[];
}

/** Marks where each component's output stands; the function returned gives what each printed since. */
export function markOutput(cluster: PodCluster): () => ComponentMessages[] {
  const sources: { component: string; total: () => number; lines: () => readonly string[] }[] = [
    { component: 'apiserver', total: () => cluster.server.output.length, lines: () => cluster.server.output },
    { component: 'scheduler', total: () => cluster.scheduler.output.length, lines: () => cluster.scheduler.output },
    ...(cluster.controllerManager ? [{ component: 'controller-manager', total: () => cluster.controllerManager!.output.length, lines: () => cluster.controllerManager!.output }] : []),
    ...cluster.runners.map((r, i) => ({ component: `kubelets ${i + 1}`, total: r.lineCount, lines: () => r.output })),
  ];
  const marks = sources.map((s) => s.total());
  return () =>
    sources.flatMap((s, i) => {
      const count = s.total() - marks[i]!;
      if (count <= 0) return [];
      const lines = s.lines();
      return [{ component: s.component, count, lines: lines.slice(Math.max(0, lines.length - count)).slice(0, 100) }];
    });
}
