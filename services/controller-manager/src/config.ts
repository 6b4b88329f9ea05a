import { readFileSync } from 'node:fs';
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
  /** --concurrent-job-syncs (upstream: 5). */
  KUBELEDGER_JOB_WORKERS: z.coerce.number().int().positive().default(5),
  /** The first delay before a Job's failed pod is replaced, doubled per failure up to 6 min (upstream: 10 s; shorter in tests). */
  KUBELEDGER_JOB_POD_FAILURE_BACKOFF_SECONDS: z.coerce.number().positive().default(10),
  /** --concurrent-daemonset-syncs (upstream: 2). */
  KUBELEDGER_DAEMONSET_WORKERS: z.coerce.number().int().positive().default(2),
  /** --concurrent-namespace-syncs (upstream: 10). */
  KUBELEDGER_NAMESPACE_WORKERS: z.coerce.number().int().positive().default(10),
  /**
   * Base of the per-key exponential retry delay after an error or a conflict, in seconds: upstream's
   * DefaultControllerRateLimiter starts at 5 ms (a status write that lost a race is retried at once,
   * not a second later), doubling up to 60 s here.
   */
  KUBELEDGER_CONTROLLER_RETRY_SECONDS: z.coerce.number().positive().default(0.005),
  /** --node-monitor-period, in seconds (upstream: 5). */
  KUBELEDGER_NODE_MONITOR_PERIOD: z.coerce.number().positive().default(5),
  /** --node-monitor-grace-period, in seconds: a node whose kubelet posted nothing for this long is Unknown (upstream 1.35: 50). */
  KUBELEDGER_NODE_MONITOR_GRACE_PERIOD: z.coerce.number().positive().default(50),
  /** --node-startup-grace-period, in seconds: the same for a node that never posted its status (upstream: 60). */
  KUBELEDGER_NODE_STARTUP_GRACE_PERIOD: z.coerce.number().positive().default(60),
  /** --node-eviction-rate: nodes NoExecute-tainted per second in a healthy zone (upstream: 0.1). */
  KUBELEDGER_NODE_EVICTION_RATE: z.coerce.number().min(0).default(0.1),
  /** --secondary-node-eviction-rate: the same in an unhealthy zone of a large cluster (upstream: 0.01). */
  KUBELEDGER_SECONDARY_NODE_EVICTION_RATE: z.coerce.number().min(0).default(0.01),
  /** --large-cluster-size-threshold: above this many nodes a zone is large, and an unhealthy one evicts at the secondary rate (upstream: 50). */
  KUBELEDGER_LARGE_CLUSTER_SIZE_THRESHOLD: z.coerce.number().int().min(0).default(50),
  /** --unhealthy-zone-threshold: the share of a zone's nodes not Ready (at least 3) that makes it unhealthy (upstream: 0.55). */
  KUBELEDGER_UNHEALTHY_ZONE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.55),
  /** --root-ca-file: the CA bundle (PEM) published in every namespace's kube-root-ca.crt; unset: the kubeconfig's CA. */
  KUBELEDGER_ROOT_CA_FILE: z.string().min(1).optional(),
  /** Most connections to the apiserver at once, shared by every controller (a ReplicaSet's burst of 500 creates waits for them). */
  KUBELEDGER_API_CONNECTIONS: z.coerce.number().int().positive().default(64),
});

/** kubeconfig, bus and leader election (set when on), as every component has them, and the controllers' own. */
export interface Config extends ComponentSettings {
  readonly clusterCidr: string;
  readonly nodeCidrMaskSize: number;
  readonly endpointSliceWorkers: number;
  readonly replicaSetWorkers: number;
  readonly deploymentWorkers: number;
  readonly jobWorkers: number;
  readonly jobPodFailureBackoffMs: number;
  readonly daemonSetWorkers: number;
  readonly namespaceWorkers: number;
  readonly retryMs: number;
  readonly nodeMonitorPeriodMs: number;
  readonly nodeMonitorGracePeriodMs: number;
  readonly nodeStartupGracePeriodMs: number;
  readonly nodeEvictionRate: number;
  readonly secondaryNodeEvictionRate: number;
  readonly largeClusterSizeThreshold: number;
  readonly unhealthyZoneThreshold: number;
  /** The contents of KUBELEDGER_ROOT_CA_FILE, when set. */
  readonly rootCa?: string;
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
    jobWorkers: e.KUBELEDGER_JOB_WORKERS,
    jobPodFailureBackoffMs: e.KUBELEDGER_JOB_POD_FAILURE_BACKOFF_SECONDS * 1000,
    daemonSetWorkers: e.KUBELEDGER_DAEMONSET_WORKERS,
    namespaceWorkers: e.KUBELEDGER_NAMESPACE_WORKERS,
    retryMs: e.KUBELEDGER_CONTROLLER_RETRY_SECONDS * 1000,
    nodeMonitorPeriodMs: e.KUBELEDGER_NODE_MONITOR_PERIOD * 1000,
    nodeMonitorGracePeriodMs: e.KUBELEDGER_NODE_MONITOR_GRACE_PERIOD * 1000,
    nodeStartupGracePeriodMs: e.KUBELEDGER_NODE_STARTUP_GRACE_PERIOD * 1000,
    nodeEvictionRate: e.KUBELEDGER_NODE_EVICTION_RATE,
    secondaryNodeEvictionRate: e.KUBELEDGER_SECONDARY_NODE_EVICTION_RATE,
    largeClusterSizeThreshold: e.KUBELEDGER_LARGE_CLUSTER_SIZE_THRESHOLD,
    unhealthyZoneThreshold: e.KUBELEDGER_UNHEALTHY_ZONE_THRESHOLD,
    apiConnections: e.KUBELEDGER_API_CONNECTIONS,
    ...(e.KUBELEDGER_ROOT_CA_FILE && { rootCa: readRootCa(e.KUBELEDGER_ROOT_CA_FILE) }),
    ...(leaderElection && { leaderElection }),
  });
}

/** The --root-ca-file bundle; a file that cannot be read or holds no certificate is a settings error. */
function readRootCa(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw settingsError(`KUBELEDGER_ROOT_CA_FILE: ${(err as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw settingsError(`KUBELEDGER_ROOT_CA_FILE: ${file} holds no PEM certificate`);
  return pem;
}
