import { leaderElectionSettings, parseSettings } from '@kubeledger/api';
import { busConfigFromEnv } from '@kubeledger/bus';
import type { ComponentSettings } from '@kubeledger/client';
import { z } from 'zod';
import { DEFAULT_SCHEDULER_NAME } from './pod-predicates.js';

/** The scheduler's settings, from the environment (DESIGN §5, §8). */
const Env = z.object({
  /** The scheduler's kubeconfig (user system:kube-scheduler). */
  KUBECONFIG: z.string().min(1).default('.kubeledger/scheduler.kubeconfig'),
  /** Pods whose spec.schedulerName is this are ours (kube-scheduler's profile schedulerName). */
  KUBELEDGER_SCHEDULER_NAME: z.string().min(1).default(DEFAULT_SCHEDULER_NAME),
  /** Seconds an unschedulable pod stays parked before it is tried again anyway (upstream's podMaxInUnschedulablePodsDuration, 5 min). */
  KUBELEDGER_SCHEDULER_MAX_UNSCHEDULABLE_SECONDS: z.coerce.number().positive().default(300),
  /** Seconds before a pod whose attempt failed on an API error is tried again. */
  KUBELEDGER_SCHEDULER_ERROR_BACKOFF_SECONDS: z.coerce.number().positive().default(1),
  /** Bindings in flight at once while the scheduling cycle goes on. */
  KUBELEDGER_SCHEDULER_PARALLEL_BINDINGS: z.coerce.number().int().positive().default(16),
  /** Most connections to the apiserver at once: the bindings in flight and the 8 Event writes beside them. */
  KUBELEDGER_API_CONNECTIONS: z.coerce.number().int().positive().default(24),
});

/** kubeconfig, bus and leader election (set when on), as every component has them, and the scheduler's own. */
export interface Config extends ComponentSettings {
  readonly schedulerName: string;
  readonly maxUnschedulableMs: number;
  readonly errorBackoffMs: number;
  readonly parallelBindings: number;
}

/** Parses and freezes the configuration; throws with every problem listed. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const e = parseSettings(Env, env);
  const leaderElection = leaderElectionSettings('KUBELEDGER_SCHEDULER', env);
  return Object.freeze({
    kubeconfig: e.KUBECONFIG,
    bus: busConfigFromEnv(env),
    schedulerName: e.KUBELEDGER_SCHEDULER_NAME,
    maxUnschedulableMs: e.KUBELEDGER_SCHEDULER_MAX_UNSCHEDULABLE_SECONDS * 1000,
    errorBackoffMs: e.KUBELEDGER_SCHEDULER_ERROR_BACKOFF_SECONDS * 1000,
    parallelBindings: e.KUBELEDGER_SCHEDULER_PARALLEL_BINDINGS,
    apiConnections: e.KUBELEDGER_API_CONNECTIONS,
    ...(leaderElection && { leaderElection }),
  });
}
