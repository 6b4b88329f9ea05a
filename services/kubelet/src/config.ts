import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { parseSettings, settingsError } from '@kubeledger/api';
import { busConfigFromEnv } from '@kubeledger/bus';
import { RESET_AFTER_MS } from './runtime/restart-backoff.js';

const isPodCidr = (value: string) => ipaddr.isValidCIDR(value) && ipaddr.parseCIDR(value)[0].kind() === 'ipv4' && ipaddr.parseCIDR(value)[1] <= 30;
const quantity = z.string().regex(/^\d+(\.\d+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/, 'a resource quantity, e.g. 4, 500m, 8Gi');

/** The kubelet's settings, from the environment (DESIGN §5, §8). */
const Env = z.object({
  KUBELEDGER_NODE_NAME: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a DNS subdomain name, e.g. node-1').max(253),
  /** The kubeconfig of the node's identity (`system:node:<node>` in `system:nodes`); default `.kubeledger/kubelet-<node>.kubeconfig`. */
  KUBECONFIG: z.string().optional(),
  /** `fake`: no processes, pods run at once (like kwok). `process`: each container a host process, with the kubelet's own privileges. */
  KUBELEDGER_RUNTIME: z.string().default('fake'),
  /** The process runtime's directory (pod sandboxes, logs, pid files); default `.kubeledger/kubelet-<node>`. */
  KUBELEDGER_STATE_DIR: z.string().optional(),
  /** Seconds of the first CrashLoopBackOff delay (upstream 10), doubling up to the maximum (upstream 300). */
  KUBELEDGER_RESTART_BACKOFF: z.coerce.number().positive().default(10),
  KUBELEDGER_RESTART_BACKOFF_MAX: z.coerce.number().positive().default(300),
  KUBELEDGER_NODE_CPU: quantity.default('4'),
  KUBELEDGER_NODE_MEMORY: quantity.default('8Gi'),
  KUBELEDGER_NODE_PODS: z.coerce.number().int().positive().default(110),
  KUBELEDGER_NODE_ADDRESS: z.string().refine((v) => ipaddr.IPv4.isValid(v), 'an IPv4 address').default('127.0.0.1'),
  /** The node's pod CIDR when node IPAM has set none (see node/fallback-pod-cidr.ts for what happens when neither is there). */
  KUBELEDGER_POD_CIDR: z.string().refine(isPodCidr, 'an IPv4 CIDR of at least 4 addresses, e.g. 127.128.1.0/24').optional(),
  /** The Lease's leaseDurationSeconds (upstream 40). */
  KUBELEDGER_NODE_LEASE_DURATION: z.coerce.number().int().positive().default(40),
  /** Seconds between Lease renewals (upstream: a quarter of the duration, 10). */
  KUBELEDGER_NODE_LEASE_RENEW_INTERVAL: z.coerce.number().positive().default(10),
  /** Seconds between Node status heartbeats (upstream's nodeStatusUpdateFrequency, 10). */
  KUBELEDGER_NODE_STATUS_INTERVAL: z.coerce.number().positive().default(10),
  /** Seconds between full syncs of every pod (upstream's syncFrequency, 60). */
  KUBELEDGER_SYNC_INTERVAL: z.coerce.number().positive().default(60),
  /** Pods synced at once (each pod is only ever synced by one worker at a time). */
  KUBELEDGER_POD_WORKERS: z.coerce.number().int().positive().default(16),
  /** Most connections to the apiserver at once for the pods' requests (upstream's go over one HTTP/2 connection); the Node status and Lease have one of their own. */
  KUBELEDGER_API_CONNECTIONS: z.coerce.number().int().positive().default(2),
  /** The port of the kubelet's HTTPS server (container logs for the apiserver), on the node address; 0: any free port. */
  KUBELEDGER_KUBELET_PORT: z.coerce.number().int().min(0).max(65535).default(10250),
  /** Its serving certificate and key (PEM files); unset: a self-signed one made at start (upstream's --tls-cert-file, --tls-private-key-file). */
  KUBELEDGER_KUBELET_TLS_CERT_FILE: z.string().optional(),
  KUBELEDGER_KUBELET_TLS_KEY_FILE: z.string().optional(),
});

export type RuntimeName = 'fake' | 'process';

export interface Config {
  readonly nodeName: string;
  readonly kubeconfigPath: string;
  readonly runtime: RuntimeName;
  /** The process runtime's state directory (absolute or relative to the working directory). */
  readonly stateDir: string;
  readonly restartBackoff: { readonly initialMs: number; readonly maxMs: number; readonly resetAfterMs: number };
  readonly bus: { readonly servers: string; readonly stream: string; readonly prefix: string; readonly user?: string; readonly pass?: string };
  readonly capacity: { readonly cpu: string; readonly memory: string; readonly pods: string };
  readonly nodeAddress: string;
  readonly podCidr?: string;
  readonly leaseDurationSeconds: number;
  readonly leaseRenewIntervalMs: number;
  readonly nodeStatusIntervalMs: number;
  readonly syncIntervalMs: number;
  readonly podWorkers: number;
  /** Most connections to the apiserver at once. */
  readonly apiConnections: number;
  /** The kubelet's HTTPS server. */
  readonly server: { readonly port: number; readonly certFile?: string; readonly keyFile?: string };
}

/** Parses, completes and freezes the configuration; throws with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseSettings(Env, env);
  const runtime = e.KUBELEDGER_RUNTIME;
  if (runtime !== 'fake' && runtime !== 'process') throw settingsError(`KUBELEDGER_RUNTIME: unknown runtime ${JSON.stringify(runtime)} (fake or process)`);
  if (e.KUBELEDGER_RESTART_BACKOFF_MAX < e.KUBELEDGER_RESTART_BACKOFF) throw settingsError('KUBELEDGER_RESTART_BACKOFF_MAX: less than KUBELEDGER_RESTART_BACKOFF');
  if (!e.KUBELEDGER_KUBELET_TLS_CERT_FILE !== !e.KUBELEDGER_KUBELET_TLS_KEY_FILE) throw settingsError('KUBELEDGER_KUBELET_TLS_CERT_FILE, KUBELEDGER_KUBELET_TLS_KEY_FILE: set both or neither');
  const node = e.KUBELEDGER_NODE_NAME;
  return Object.freeze({
    nodeName: node,
    kubeconfigPath: e.KUBECONFIG || `.kubeledger/kubelet-${node}.kubeconfig`,
    runtime,
    stateDir: e.KUBELEDGER_STATE_DIR || `.kubeledger/kubelet-${node}`,
    restartBackoff: { initialMs: e.KUBELEDGER_RESTART_BACKOFF * 1000, maxMs: e.KUBELEDGER_RESTART_BACKOFF_MAX * 1000, resetAfterMs: RESET_AFTER_MS },
    bus: busConfigFromEnv(env),
    capacity: { cpu: e.KUBELEDGER_NODE_CPU, memory: e.KUBELEDGER_NODE_MEMORY, pods: String(e.KUBELEDGER_NODE_PODS) },
    nodeAddress: e.KUBELEDGER_NODE_ADDRESS,
    ...(e.KUBELEDGER_POD_CIDR && { podCidr: e.KUBELEDGER_POD_CIDR }),
    leaseDurationSeconds: e.KUBELEDGER_NODE_LEASE_DURATION,
    leaseRenewIntervalMs: e.KUBELEDGER_NODE_LEASE_RENEW_INTERVAL * 1000,
    nodeStatusIntervalMs: e.KUBELEDGER_NODE_STATUS_INTERVAL * 1000,
    syncIntervalMs: e.KUBELEDGER_SYNC_INTERVAL * 1000,
    podWorkers: e.KUBELEDGER_POD_WORKERS,
    apiConnections: e.KUBELEDGER_API_CONNECTIONS,
    server: {
      port: e.KUBELEDGER_KUBELET_PORT,
      ...(e.KUBELEDGER_KUBELET_TLS_CERT_FILE && { certFile: e.KUBELEDGER_KUBELET_TLS_CERT_FILE }),
      ...(e.KUBELEDGER_KUBELET_TLS_KEY_FILE && { keyFile: e.KUBELEDGER_KUBELET_TLS_KEY_FILE }),
    },
  } satisfies Config);
}
