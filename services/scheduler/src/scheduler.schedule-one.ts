import type { KubeObject } from '@kubeledger/api';
import { processInSpan, type PendingTraces } from '@kubeledger/client';
import { Attr, inSpan, inSpanSync, tracer as tracerFor, type Span } from '@kubeledger/telemetry';
import type { AssumedPods } from './cache/assumed-pods.js';
import { snapshot } from './cache/snapshot.js';
import type { NodeInfo } from './framework/node-info.js';
import type { NodeUsage } from './framework/node-usage.js';
import { schedulePod, type Decision, type SchedulePhase, type ScheduleOptions } from './framework/schedule-pod.js';
import { needsScheduling } from './pod-predicates.js';
import type { SchedulingQueue } from './queue/scheduling-queue.js';
import type { StepResult } from './scheduler.reconcile-bind.js';

export interface ScheduleOneDeps {
  readonly schedulerName: string;
  /** The informer's copy of the pod at `key`. */
  readonly getPod: (key: string) => KubeObject | undefined;
  /** What the pods the informer shows bound use of each node (the controller keeps it up to date from the pod informer). */
  readonly nodeUsage: () => NodeUsage;
  readonly listNodes: () => readonly KubeObject[];
  readonly assumed: AssumedPods;
  readonly queue: Pick<SchedulingQueue, 'done' | 'parkUnschedulable' | 'requeueAfter'>;
  /** Binds and records (reconcileBind with its deps). */
  readonly bind: (pod: KubeObject, node: string) => Promise<StepResult>;
  /** Records the failure (reconcileUnschedulable with its deps). */
  readonly markUnschedulable: (pod: KubeObject, message: string) => Promise<StepResult>;
  /** Runs the binding cycle; the controller runs it in the background, tests inline. */
  readonly runBinding: (binding: () => Promise<void>) => void;
  /** Delay before a pod whose attempt failed on an error is tried again. */
  readonly errorBackoffMs: number;
  readonly decide?: (pod: KubeObject, nodes: readonly NodeInfo[], options?: ScheduleOptions) => Decision;
  /** The trace of the event that queued each pod (none: each attempt starts a trace of its own). */
  readonly traces?: Pick<PendingTraces, 'take'>;
}

const tracer = tracerFor('scheduler');

/** Each phase of the decision in a span of its own (filter, score). */
const tracedPhase: SchedulePhase = (name, fn) => inSpanSync(tracer, name, {}, fn);

/**
 * One scheduling cycle (upstream's scheduleOne) for the pod popped at `key`: decide on the
 * snapshot (informer plus assumed pods), assume the pod onto the chosen node at once — so the next
 * cycle counts it — and bind in the background; on failure forget the assumption and retry after
 * a delay. No fit: record it and park the pod until the cluster changes.
 */
export async function scheduleOne(key: string, deps: ScheduleOneDeps): Promise<void> {
  const traceparent = deps.traces?.take(key);
  const pod = deps.getPod(key);
  if (!pod || !needsScheduling(pod, deps.schedulerName) || deps.assumed.has(key)) {
    deps.queue.done(key);
    return;
  }
  await processInSpan(tracer, 'schedule pod', { traceparent, object: pod, resource: 'pods' }, (span) => attempt(key, pod, deps, span));
}

async function attempt(key: string, pod: KubeObject, deps: ScheduleOneDeps, span: Span): Promise<void> {
  const decide = deps.decide ?? ((p, nodes, options) => schedulePod(p, nodes, options));
  const decision = decide(pod, snapshot(deps.listNodes(), deps.nodeUsage(), deps.assumed.pods()), { phase: tracedPhase });
  span.setAttribute(Attr.node, 'node' in decision ? decision.node : '');
  if ('unschedulable' in decision) {
    const result = await deps.markUnschedulable(withKind(pod), decision.message);
    if (result === 'requeue') deps.queue.requeueAfter(key, deps.errorBackoffMs);
    else deps.queue.parkUnschedulable(key);
    return;
  }
  deps.assumed.assume(key, pod, decision.node);
  deps.queue.done(key);
  deps.runBinding(async () => {
    const result = await inSpan(tracer, 'bind', { attributes: { [Attr.node]: decision.node } }, () => deps.bind(withKind(pod), decision.node));
    if (result === 'continue') {
      deps.assumed.finishBinding(key);
    } else {
      deps.assumed.forget(key);
      deps.queue.requeueAfter(key, deps.errorBackoffMs);
    }
  });
}

/** Items of a LIST carry no kind; events name their object by it. */
const withKind = (pod: KubeObject): KubeObject => ({ ...pod, apiVersion: pod.apiVersion ?? 'v1', kind: pod.kind ?? 'Pod' });
