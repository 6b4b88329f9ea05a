import type { KubeObject } from '@kubeledger/api';
import { DEFAULT_FILTERS, isResourceReason, type Filter } from './filters.js';
import type { NodeInfo } from './node-info.js';
import { DEFAULT_SCORES, type Score } from './scores.js';

export type Decision =
  | { readonly node: string; readonly feasible: number }
  | { readonly unschedulable: true; readonly message: string; readonly reasons: ReadonlyMap<string, number> };

export interface ScheduleOptions {
  readonly filters?: readonly Filter[];
  readonly scores?: readonly { readonly score: Score; readonly weight: number }[];
  /** In [0, 1): picks among equally scored nodes (upstream picks one at random). */
  readonly random?: () => number;
  /** Runs each phase (`filter`, then `score`); the scheduler wraps them in spans. */
  readonly phase?: SchedulePhase;
}

export type SchedulePhase = <T>(name: 'filter' | 'score', run: () => T) => T;

const untraced: SchedulePhase = (_name, run) => run();

/**
 * One scheduling cycle for `pod` (upstream's schedulePod): filter every node, score the feasible
 * ones, take the best (a random one among ties). When none fits, the FailedScheduling message
 * upstream writes: `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable.
 * preemption: 0/3 nodes are available: …` — no preemption here, so the second part says why it
 * would not help.
 */
export function schedulePod(pod: KubeObject, nodes: readonly NodeInfo[], options: ScheduleOptions = {}): Decision {
  const filters = options.filters ?? DEFAULT_FILTERS;
  const scores = options.scores ?? DEFAULT_SCORES;
  const random = options.random ?? Math.random;
  const phase = options.phase ?? untraced;
  const { feasible, reasons, resourceOnly } = phase('filter', () => filterNodes(pod, nodes, filters));
  if (feasible.length === 0) return { unschedulable: true, message: fitErrorMessage(nodes.length, reasons, resourceOnly), reasons };
  const best = phase('score', () => bestNodes(pod, feasible, scores));
  return { node: best[Math.floor(random() * best.length)]!.name, feasible: feasible.length };
}

/** The nodes every filter passes, and how often each reason ruled a node out. */
function filterNodes(pod: KubeObject, nodes: readonly NodeInfo[], filters: readonly Filter[]) {
  const feasible: NodeInfo[] = [];
  const reasons = new Map<string, number>();
  let resourceOnly = 0;
  for (const node of nodes) {
    const failed = filters.flatMap((filter) => filter(pod, node));
    if (failed.length === 0) {
      feasible.push(node);
      continue;
    }
    for (const reason of failed) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    if (failed.every(isResourceReason)) resourceOnly++;
  }
  return { feasible, reasons, resourceOnly };
}

/** The feasible nodes with the highest weighted score (ties all kept). */
function bestNodes(pod: KubeObject, feasible: readonly NodeInfo[], scores: NonNullable<ScheduleOptions['scores']>): NodeInfo[] {
  let best: NodeInfo[] = [];
  let bestScore = -Infinity;
  for (const node of feasible) {
    const total = scores.reduce((sum, { score, weight }) => sum + weight * score(pod, node), 0);
    if (total > bestScore + 1e-9) {
      best = [node];
      bestScore = total;
    } else if (Math.abs(total - bestScore) <= 1e-9) {
      best.push(node);
    }
  }
  return best;
}

function fitErrorMessage(total: number, reasons: ReadonlyMap<string, number>, resourceOnly: number): string {
  const histogram = (entries: Iterable<[string, number]>) => [...entries].map(([reason, count]) => `${count} ${reason}`).sort().join(', ');
  const message = total === 0 ? 'no nodes available to schedule pods' : `0/${total} nodes are available: ${histogram(reasons)}.`;
  if (total === 0) return message;
  const preemption = new Map<string, number>();
  if (resourceOnly > 0) preemption.set('No preemption victims found for incoming pod', resourceOnly);
  if (total - resourceOnly > 0) preemption.set('Preemption is not helpful for scheduling', total - resourceOnly);
  return `${message} preemption: 0/${total} nodes are available: ${histogram(preemption)}.`;
}
