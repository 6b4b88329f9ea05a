import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseSettings, settingsError } from '@kubeledger/api';
import { busConfigFromEnv, type ResolvedBusConfig } from '@kubeledger/bus';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** The controller-manager's settings, from the environment (DESIGN §5, §8). */
const Env = z.object({
  /** The controller-manager's kubeconfig (user system:kube-controller-manager). */
  KUBECONFIG: z.string().min(1).default('.kubeledger/controller-manager.kubeconfig'),
  /** kube-controller-manager's --cluster-cidr: the range node IPAM hands pod CIDRs out of (IPv4). */
  KUBELEDGER_CLUSTER_CIDR: z
    .string()
    .refine((v) => ipaddr.isValidCIDR(v) && ipaddr.parseCIDR(v)[0].kind() === 'ipv4', 'an IPv4 CIDR')
    .default('127.128.0.0/10'),
  /** --node-cidr-mask-size (upstream: 24 for IPv4). */
  KUBELEDGER_NODE_CIDR_MASK_SIZE: z.coerce.number().int().min(1).max(30).default(24),
  /** --concurrent-service-endpoint-syncs (upstream: 5). */
  KUBELEDGER_ENDPOINTSLICE_WORKERS: z.coerce.number().int().positive().default(5),
  /** Base of the per-key exponential retry delay after an error, in seconds (upstream's endpointslice controller: 1 s). */
  KUBELEDGER_CONTROLLER_RETRY_SECONDS: z.coerce.number().positive().default(1),
  /** Run replicated: the controllers work only while holding the Lease kube-system/kube-controller-manager (--leader-elect). */
  KUBELEDGER_CONTROLLER_MANAGER_LEADER_ELECT: z.enum(['true', 'false']).default('false'),
  /** This replica's holderIdentity (upstream: `<hostname>_<uuid>`). */
  KUBELEDGER_CONTROLLER_MANAGER_IDENTITY: z.string().min(1).optional(),
  /** --leader-elect-lease-duration, --leader-elect-renew-deadline, --leader-elect-retry-period, in seconds. */
  KUBELEDGER_CONTROLLER_MANAGER_LEASE_DURATION_SECONDS: z.coerce.number().positive().default(15),
  KUBELEDGER_CONTROLLER_MANAGER_RENEW_DEADLINE_SECONDS: z.coerce.number().positive().default(10),
  KUBELEDGER_CONTROLLER_MANAGER_RETRY_PERIOD_SECONDS: z.coerce.number().positive().default(2),
});

export interface Config {
  readonly kubeconfig: string;
  readonly bus: ResolvedBusConfig;
  readonly clusterCidr: string;
  readonly nodeCidrMaskSize: number;
  readonly endpointSliceWorkers: number;
  readonly retryMs: number;
  /** Set when leader election is on. */
  readonly leaderElection?: { readonly identity: string; readonly leaseDurationMs: number; readonly renewDeadlineMs: number; readonly retryPeriodMs: number };
}

/** Parses and freezes the configuration; throws with every problem listed. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const e = parseSettings(Env, env);
  const clusterBits = ipaddr.parseCIDR(e.KUBELEDGER_CLUSTER_CIDR)[1];
  if (e.KUBELEDGER_NODE_CIDR_MASK_SIZE < clusterBits) {
    throw settingsError(`KUBELEDGER_NODE_CIDR_MASK_SIZE: ${e.KUBELEDGER_NODE_CIDR_MASK_SIZE} is shorter than the cluster CIDR's /${clusterBits}`);
  }
  return Object.freeze({
    kubeconfig: e.KUBECONFIG,
    bus: busConfigFromEnv(env),
    clusterCidr: e.KUBELEDGER_CLUSTER_CIDR,
    nodeCidrMaskSize: e.KUBELEDGER_NODE_CIDR_MASK_SIZE,
    endpointSliceWorkers: e.KUBELEDGER_ENDPOINTSLICE_WORKERS,
    retryMs: e.KUBELEDGER_CONTROLLER_RETRY_SECONDS * 1000,
    ...(e.KUBELEDGER_CONTROLLER_MANAGER_LEADER_ELECT === 'true' && {
      leaderElection: Object.freeze({
        identity: e.KUBELEDGER_CONTROLLER_MANAGER_IDENTITY ?? `${os.hostname()}_${randomUUID()}`,
        leaseDurationMs: e.KUBELEDGER_CONTROLLER_MANAGER_LEASE_DURATION_SECONDS * 1000,
        renewDeadlineMs: e.KUBELEDGER_CONTROLLER_MANAGER_RENEW_DEADLINE_SECONDS * 1000,
        retryPeriodMs: e.KUBELEDGER_CONTROLLER_MANAGER_RETRY_PERIOD_SECONDS * 1000,
      }),
    }),
  });
}
