import { leaderElectionSettings, parseSettings, settingsError } from '@kubeledger/api';
import { busConfigFromEnv } from '@kubeledger/bus';
import ipaddr from 'ipaddr.js';
import type { ComponentSettings } from '@kubeledger/client';
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
  /** --concurrent-replicaset-syncs (upstream: 5). */
  KUBELEDGER_REPLICASET_WORKERS: z.coerce.number().int().positive().default(5),
  /** --concurrent-deployment-syncs (upstream: 5). */
  KUBELEDGER_DEPLOYMENT_WORKERS: z.coerce.number().int().positive().default(5),
  /** Base of the per-key exponential retry delay after an error, in seconds (upstream's endpointslice controller: 1 s). */
  KUBELEDGER_CONTROLLER_RETRY_SECONDS: z.coerce.number().positive().default(1),
});

/** kubeconfig, bus and leader election (set when on), as every component has them, and the controllers' own. */
export interface Config extends ComponentSettings {
  readonly clusterCidr: string;
  readonly nodeCidrMaskSize: number;
  readonly endpointSliceWorkers: number;
  readonly replicaSetWorkers: number;
  readonly deploymentWorkers: number;
  readonly retryMs: number;
}

/** Parses and freezes the configuration; throws with every problem listed. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const e = parseSettings(Env, env);
  const leaderElection = leaderElectionSettings('KUBELEDGER_CONTROLLER_MANAGER', env);
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
    replicaSetWorkers: e.KUBELEDGER_REPLICASET_WORKERS,
    deploymentWorkers: e.KUBELEDGER_DEPLOYMENT_WORKERS,
    retryMs: e.KUBELEDGER_CONTROLLER_RETRY_SECONDS * 1000,
    ...(leaderElection && { leaderElection }),
  });
}
