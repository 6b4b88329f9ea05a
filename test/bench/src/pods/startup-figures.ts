import { Samples, round, summarize, type LatencySummary } from '../stats.js';
import type { PodTimeline } from './pod-startup-watch.js';

/** The figures of one phase, from every pod's timeline. */
export interface StartupFigures {
  readonly pods: number;
  /** Pods Running per second, from the first create due to the last pod observed Running. */
  readonly endToEndPodsPerSec: number;
  /** Create due → Ready observed (the pod startup latency, sub-second, on one clock). */
  readonly startup: LatencySummary;
  /** Create due → bound observed. */
  readonly toBound: LatencySummary;
  /** Create acknowledged → first watch event: how far behind the bus and the watch run (every component pays it). */
  readonly createdToSeen: LatencySummary;
  /** Bound observed → Ready observed (the kubelet's part: bus delivery, sync, status write, watch). */
  readonly boundToReady: LatencySummary;
  /** Upstream's SLI: creationTimestamp (whole seconds) → Ready observed, wall clock. */
  readonly creationTimestampToReady: LatencySummary;
  /** Bindings per second from the first pod bound to the last, and the most in any one second. */
  readonly scheduler: { readonly bindingsPerSec: number; readonly peakBindingsPerSec: number };
  /** The pods slowest to start, and those slowest from bound to Ready (the kubelet's part): where their time went. */
  readonly slowest: readonly SlowPod[];
  readonly slowestAfterBinding: readonly SlowPod[];
  /** How evenly the pods were spread: fewest and most on one node. */
  readonly podsPerNode: { readonly min: number; readonly max: number; readonly nodes: number };
}

export interface SlowPod {
  readonly pod: string;
  readonly node: string;
  readonly startupMs: number;
  readonly toBoundMs: number;
  readonly boundToReadyMs: number;
}

export function startupFigures(timelines: ReadonlyMap<string, PodTimeline>): StartupFigures {
  const startup = new Samples();
  const toBound = new Samples();
  const boundToReady = new Samples();
  const createdToSeen = new Samples();
  const fromCreationTimestamp = new Samples();
  const bound: number[] = [];
  const perNode = new Map<string, number>();
  let firstDue = Infinity;
  let lastRunning = -Infinity;
  let pods = 0;
  for (const t of timelines.values()) {
    pods++;
    firstDue = Math.min(firstDue, t.sentAt);
    if (t.runningAt !== undefined) lastRunning = Math.max(lastRunning, t.runningAt);
    if (t.readyAt !== undefined) startup.push(t.readyAt - t.sentAt);
    // An event may arrive before the create's response does: no lag.
    if (t.createdAt !== undefined && t.seenAt !== undefined) createdToSeen.push(Math.max(0, t.seenAt - t.createdAt));
    if (t.boundAt !== undefined) {
      toBound.push(t.boundAt - t.sentAt);
      bound.push(t.boundAt);
      if (t.readyAt !== undefined) boundToReady.push(t.readyAt - t.boundAt);
    }
    if (t.node) perNode.set(t.node, (perNode.get(t.node) ?? 0) + 1);
    if (t.readyWallMs !== undefined && t.creationTimestamp) fromCreationTimestamp.push(t.readyWallMs - Date.parse(t.creationTimestamp));
  }
  bound.sort((a, b) => a - b);
  const perSecond = new Map<number, number>();
  for (const at of bound) {
    const second = Math.floor((at - bound[0]!) / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  const bindingSeconds = bound.length > 1 ? (bound.at(-1)! - bound[0]!) / 1000 : NaN;
  const counts = [...perNode.values()];
  const started = [...timelines].flatMap(([pod, t]): SlowPod[] =>
    t.readyAt === undefined || t.boundAt === undefined
      ? []
      : [{ pod, node: t.node ?? '', startupMs: Math.round(t.readyAt - t.sentAt), toBoundMs: Math.round(t.boundAt - t.sentAt), boundToReadyMs: Math.round(t.readyAt - t.boundAt) }],
  );
  const top = (by: (p: SlowPod) => number) => [...started].sort((a, b) => by(b) - by(a)).slice(0, 5);
  return {
    pods,
    endToEndPodsPerSec: round(pods / ((lastRunning - firstDue) / 1000), 1),
    startup: summarize(startup.values()),
    toBound: summarize(toBound.values()),
    createdToSeen: summarize(createdToSeen.values()),
    boundToReady: summarize(boundToReady.values()),
    creationTimestampToReady: summarize(fromCreationTimestamp.values()),
    scheduler: { bindingsPerSec: round(bound.length / bindingSeconds, 1), peakBindingsPerSec: Math.max(0, ...perSecond.values()) },
    slowest: top((p) => p.startupMs),
    slowestAfterBinding: top((p) => p.boundToReadyMs),
    podsPerNode: { min: counts.length ? Math.min(...counts) : 0, max: counts.length ? Math.max(...counts) : 0, nodes: counts.length },
  };
}
