import type { schemas } from '@kubeledger/api';
import type { z } from 'zod';
import { FIELD_DOCS, PRINTER_DOCS } from './column-docs.js';
import { humanDuration, timeSince } from './human-duration.js';
import { column, printer, type TableRowCondition } from './printer.js';

type Pod = z.infer<typeof schemas.core_v1_Pod>;
type PodStatus = NonNullable<Pod['status']>;
type ContainerStatus = NonNullable<PodStatus['containerStatuses']>[number];

const SUCCEEDED: readonly TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const FAILED: readonly TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

/** Pods: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES (upstream printPod). */
export const podPrinter = printer<Pod>(
  [
    column('Name', 'string', FIELD_DOCS.name, { format: 'name' }),
    column('Ready', 'string', PRINTER_DOCS.podReady),
    column('Status', 'string', PRINTER_DOCS.podStatus),
    column('Restarts', 'string', PRINTER_DOCS.podRestarts),
    column('Age', 'string', FIELD_DOCS.creationTimestamp),
    column('IP', 'string', FIELD_DOCS.podIP, { wide: true }),
    column('Node', 'string', FIELD_DOCS.nodeName, { wide: true }),
    column('Nominated Node', 'string', FIELD_DOCS.nominatedNodeName, { wide: true }),
    column('Readiness Gates', 'string', FIELD_DOCS.readinessGates, { wide: true }),
  ],
  (pod, now) => {
    const status = pod.status ?? {};
    const { ready, total, reason, restarts, lastRestart } = podSummary(pod);
    const restartsCell = restarts !== 0 && lastRestart > 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
    const gates = pod.spec?.readinessGates ?? [];
    const readinessGates = gates.length
      ? `${gates.filter((g) => status.conditions?.find((c) => c.type === g.conditionType)?.status === 'True').length}/${gates.length}`
      : '<none>';
    return {
      cells: [
        pod.metadata?.name ?? '',
        `${ready}/${total}`,
        reason,
        restartsCell,
        timeSince(pod.metadata?.creationTimestamp, now),
        status.podIPs?.[0]?.ip || '<none>',
        pod.spec?.nodeName || '<none>',
        status.nominatedNodeName || '<none>',
        readinessGates,
      ],
      ...(status.phase === 'Succeeded' && { conditions: SUCCEEDED }),
      ...(status.phase === 'Failed' && { conditions: FAILED }),
    };
  },
);

interface PodSummary {
  readonly ready: number;
  readonly total: number;
  readonly reason: string;
  readonly restarts: number;
  /** When a container last terminated before restarting (ms since the epoch, 0 for never). */
  readonly lastRestart: number;
}

/**
 * The READY, STATUS and RESTARTS of a pod, by upstream's rules: the phase or status reason, then
 * the first init container still running or failed (`Init:1/2`, `Init:CrashLoopBackOff`,
 * `Init:Error`), else the first container's waiting or terminated reason (`CrashLoopBackOff`,
 * `Completed`, `ExitCode:1`); restartable init containers (sidecars) count as containers;
 * a pod being deleted is `Terminating` unless it had already finished.
 */
export function podSummary(pod: Pod): PodSummary {
  const status = pod.status ?? {};
  const initContainers = pod.spec?.initContainers ?? [];
  const isSidecar = (name: string) => initContainers.find((c) => c.name === name)?.restartPolicy === 'Always';
  const total = (pod.spec?.containers ?? []).length + initContainers.filter((c) => c.restartPolicy === 'Always').length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;
  let reason: string = status.reason || status.phase || '';
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  const initStatuses = status.initContainerStatuses ?? [];
  let initializing = false;
  for (const [i, container] of initStatuses.entries()) {
    restarts += container.restartCount;
    lastRestart = Math.max(lastRestart, lastTerminated(container));
    if (isSidecar(container.name)) {
      sidecarRestarts += container.restartCount;
      lastSidecarRestart = Math.max(lastSidecarRestart, lastTerminated(container));
    }
    const { terminated, waiting } = container.state ?? {};
    if (terminated && terminated.exitCode === 0) continue;
    if (isSidecar(container.name) && container.started) {
      if (container.ready) ready++;
      continue;
    }
    if (terminated) reason = terminated.reason ? `Init:${terminated.reason}` : terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${initContainers.length}`;
    initializing = true;
    break;
  }

  if (!initializing || status.conditions?.find((c) => c.type === 'Initialized')?.status === 'True') {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += container.restartCount;
      lastRestart = Math.max(lastRestart, lastTerminated(container));
      const { waiting, terminated, running } = container.state ?? {};
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (container.ready && running) {
        hasRunning = true;
        ready++;
      }
    }
    // A container still running makes a "Completed" pod Running again (or NotReady).
    if (reason === 'Completed' && hasRunning) reason = status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  return { ready, total, reason, restarts, lastRestart };
}

function lastTerminated(container: ContainerStatus): number {
  const finishedAt = container.lastState?.terminated?.finishedAt;
  const at = finishedAt ? Date.parse(finishedAt) : NaN;
  return Number.isNaN(at) ? 0 : at;
}
