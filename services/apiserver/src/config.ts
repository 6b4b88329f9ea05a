import os from 'node:os';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { parseSettings } from '@kubeledger/api';
import { DEFAULT_ISSUER } from './authentication/service-account-tokens.js';
import { ADMISSION_PLUGIN_NAMES } from './admission/plugins.js';
import type { TokenExpirationSettings } from './handlers/reviews/token-expiration.js';

function isServiceCidr(value: string): boolean {
  if (!ipaddr.isValidCIDR(value)) return false;
  const [address, bits] = ipaddr.parseCIDR(value);
  return address.kind() === 'ipv4' && bits <= 30;
}

function isPortRange(value: string): boolean {
  const m = /^(\d+)-(\d+)$/.exec(value);
  return m !== null && Number(m[1]) >= 1 && Number(m[2]) <= 65535 && Number(m[1]) <= Number(m[2]);
}

/** The apiserver's settings, from the environment (DESIGN §8). */
const Env = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/kubeledger'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** The apiserver's NATS user (`kubeledger-apiserver` in the generated nats-server config); unset: no NATS auth. */
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  KUBELEDGER_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only').default('K8S'),
  KUBELEDGER_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'one subject token: letters, digits, - and _').default('k8s'),
  KUBELEDGER_HOST: z.string().default('127.0.0.1'),
  KUBELEDGER_PORT: z.coerce.number().int().min(0).max(65535).default(6443),
  KUBELEDGER_INSTANCE: z.string().default(`${os.hostname()}-${process.pid}`),
  KUBELEDGER_PARTITION_SIZE: z.coerce.number().int().positive().default(1_000_000),
  /** Seconds between compactions, as kube-apiserver's --etcd-compaction-interval (0 disables). */
  KUBELEDGER_COMPACTION_INTERVAL: z.coerce.number().int().min(0).default(300),
  /** Cluster IPs of Services come from this IPv4 CIDR (kube-apiserver's --service-cluster-ip-range). */
  KUBELEDGER_SERVICE_CIDR: z.string().refine(isServiceCidr, 'an IPv4 CIDR of at least 4 addresses, e.g. 10.96.0.0/12').default('127.96.0.0/12'),
  /** Node ports of NodePort and LoadBalancer Services (--service-node-port-range). */
  KUBELEDGER_SERVICE_NODE_PORT_RANGE: z.string().refine(isPortRange, 'first-last within 1-65535, e.g. 30000-32767').default('30000-32767'),
  /** kube-apiserver's --max-requests-inflight: read-only requests served at once (0 = no limit). */
  KUBELEDGER_MAX_REQUESTS_INFLIGHT: z.coerce.number().int().min(0).default(400),
  /** --max-mutating-requests-inflight: mutating requests served at once (0 = no limit). */
  KUBELEDGER_MAX_MUTATING_REQUESTS_INFLIGHT: z.coerce.number().int().min(0).default(200),
  /** Seconds a request over an in-flight limit waits in a queue for a slot before its 429 (0: refused at once; API Priority and Fairness, upstream's default, queues too). */
  KUBELEDGER_INFLIGHT_QUEUE_WAIT: z.coerce.number().min(0).default(5),
  /** --request-timeout in seconds: the longest a non-long-running request may take. */
  KUBELEDGER_REQUEST_TIMEOUT: z.coerce.number().positive().default(60),
  /** Recent events the watch cache keeps for watches that start in the past (older ones replay from Postgres). */
  KUBELEDGER_WATCH_CACHE_CAPACITY: z.coerce.number().int().positive().default(50_000),
  /** Seconds between bookmarks to watchers that accept them. */
  KUBELEDGER_WATCH_BOOKMARK_INTERVAL: z.coerce.number().positive().default(60),
  /** As kube-apiserver's --min-request-timeout: a watch without timeoutSeconds ends after this to twice this many seconds. */
  KUBELEDGER_MIN_REQUEST_TIMEOUT: z.coerce.number().positive().default(1800),
  /** The serving certificate and key (PEM files), used as they are; unset: issued at start from the cluster CA. */
  KUBELEDGER_TLS_CERT_FILE: z.string().optional(),
  KUBELEDGER_TLS_KEY_FILE: z.string().optional(),
  /** Client certificates are checked against this CA bundle (--client-ca-file); unset: the cluster CA. */
  KUBELEDGER_CLIENT_CA_FILE: z.string().optional(),
  /** Kubelets' serving certificates are verified against this CA bundle (PEM file, --kubelet-certificate-authority); unset: not verified. */
  KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY: z.string().optional(),
  /** More names and addresses for the issued serving certificate, comma-separated (--tls-sni-cert-key / kubeadm's certSANs). */
  KUBELEDGER_TLS_SANS: z.string().default(''),
  /** A static token file, upstream's CSV format (--token-auth-file). */
  KUBELEDGER_TOKEN_AUTH_FILE: z.string().optional(),
  /** Requests without credentials are system:anonymous (--anonymous-auth). */
  KUBELEDGER_ANONYMOUS_AUTH: z.enum(['true', 'false']).default('true'),
  /** The `iss` of ServiceAccount tokens (--service-account-issuer); also the audience the API accepts (--api-audiences). */
  KUBELEDGER_SERVICE_ACCOUNT_ISSUER: z.string().url().default(DEFAULT_ISSUER),
  /** --service-account-max-token-expiration, in seconds (1 h to 2^32 s): TokenRequests asking longer are shortened to it; unset: no cap. */
  KUBELEDGER_SERVICE_ACCOUNT_MAX_TOKEN_EXPIRATION: z.coerce
    .number()
    .int()
    .min(60 * 60, 'between 3600 (1 hour) and 2^32 seconds')
    .max(2 ** 32, 'between 3600 (1 hour) and 2^32 seconds')
    .optional(),
  /** --service-account-extend-token-expiration: pod-bound tokens asked for the projected volume's 3607 s live a year, warning after 3607 s. */
  KUBELEDGER_SERVICE_ACCOUNT_EXTEND_TOKEN_EXPIRATION: z.enum(['true', 'false']).default('true'),
  /** Where to write the admin kubeconfig once serving ('' to write none). */
  KUBELEDGER_KUBECONFIG: z.string().default('.kubeledger/kubeconfig'),
  /** --default-not-ready-toleration-seconds: DefaultTolerationSeconds' toleration of node.kubernetes.io/not-ready:NoExecute. */
  KUBELEDGER_DEFAULT_NOT_READY_TOLERATION_SECONDS: z.coerce.number().int().default(300),
  /** --default-unreachable-toleration-seconds: the same for node.kubernetes.io/unreachable:NoExecute. */
  KUBELEDGER_DEFAULT_UNREACHABLE_TOLERATION_SECONDS: z.coerce.number().int().default(300),
  /** Admission plugins not to run, comma-separated (--disable-admission-plugins). */
  KUBELEDGER_DISABLE_ADMISSION_PLUGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((names) => names.every((n) => ADMISSION_PLUGIN_NAMES.includes(n)), `admission plugin names: ${ADMISSION_PLUGIN_NAMES.join(', ')}`),
});

export interface Config {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly natsCredentials?: { readonly user: string; readonly pass: string };
  readonly stream: string;
  readonly subjectPrefix: string;
  readonly host: string;
  readonly port: number;
  readonly instance: string;
  readonly partitionSize: number;
  readonly compactionIntervalMs: number;
  readonly serviceCidr: string;
  readonly serviceNodePortRange: string;
  readonly maxRequestsInflight: number;
  readonly maxMutatingRequestsInflight: number;
  readonly requestTimeoutMs: number;
  readonly inflightQueueWaitMs: number;
  readonly watchCacheCapacity: number;
  readonly watchBookmarkIntervalMs: number;
  readonly minRequestTimeoutSeconds: number;
  readonly tls: {
    readonly certFile?: string;
    readonly keyFile?: string;
    readonly clientCaFile?: string;
    readonly extraSans: readonly string[];
    /** The CA kubelets' serving certificates are verified with (none: not verified). */
    readonly kubeletCertificateAuthorityFile?: string;
  };
  readonly tokenAuthFile?: string;
  readonly anonymousAuth: boolean;
  readonly serviceAccountIssuer: string;
  /** TokenRequest's cap and extension of expirations. */
  readonly tokenExpiration: TokenExpirationSettings;
  readonly kubeconfigPath: string;
  readonly disabledAdmissionPlugins: readonly string[];
  readonly defaultTolerationSeconds: { readonly notReadySeconds: number; readonly unreachableSeconds: number };
}

/** Parses and freezes the configuration; throws with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseSettings(Env, env);
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    ...(e.NATS_USER && { natsCredentials: { user: e.NATS_USER, pass: e.NATS_PASSWORD ?? '' } }),
    stream: e.KUBELEDGER_STREAM,
    subjectPrefix: e.KUBELEDGER_SUBJECT_PREFIX,
    host: e.KUBELEDGER_HOST,
    port: e.KUBELEDGER_PORT,
    instance: e.KUBELEDGER_INSTANCE,
    partitionSize: e.KUBELEDGER_PARTITION_SIZE,
    compactionIntervalMs: e.KUBELEDGER_COMPACTION_INTERVAL * 1000,
    serviceCidr: e.KUBELEDGER_SERVICE_CIDR,
    serviceNodePortRange: e.KUBELEDGER_SERVICE_NODE_PORT_RANGE,
    maxRequestsInflight: e.KUBELEDGER_MAX_REQUESTS_INFLIGHT,
    maxMutatingRequestsInflight: e.KUBELEDGER_MAX_MUTATING_REQUESTS_INFLIGHT,
    requestTimeoutMs: e.KUBELEDGER_REQUEST_TIMEOUT * 1000,
    inflightQueueWaitMs: e.KUBELEDGER_INFLIGHT_QUEUE_WAIT * 1000,
    watchCacheCapacity: e.KUBELEDGER_WATCH_CACHE_CAPACITY,
    watchBookmarkIntervalMs: e.KUBELEDGER_WATCH_BOOKMARK_INTERVAL * 1000,
    minRequestTimeoutSeconds: e.KUBELEDGER_MIN_REQUEST_TIMEOUT,
    tls: {
      ...(e.KUBELEDGER_TLS_CERT_FILE && { certFile: e.KUBELEDGER_TLS_CERT_FILE }),
      ...(e.KUBELEDGER_TLS_KEY_FILE && { keyFile: e.KUBELEDGER_TLS_KEY_FILE }),
      ...(e.KUBELEDGER_CLIENT_CA_FILE && { clientCaFile: e.KUBELEDGER_CLIENT_CA_FILE }),
      extraSans: e.KUBELEDGER_TLS_SANS.split(',').map((s) => s.trim()).filter(Boolean),
      ...(e.KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY && { kubeletCertificateAuthorityFile: e.KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY }),
    },
    ...(e.KUBELEDGER_TOKEN_AUTH_FILE && { tokenAuthFile: e.KUBELEDGER_TOKEN_AUTH_FILE }),
    anonymousAuth: e.KUBELEDGER_ANONYMOUS_AUTH === 'true',
    serviceAccountIssuer: e.KUBELEDGER_SERVICE_ACCOUNT_ISSUER,
    tokenExpiration: {
      ...(e.KUBELEDGER_SERVICE_ACCOUNT_MAX_TOKEN_EXPIRATION !== undefined && { maxExpirationSeconds: e.KUBELEDGER_SERVICE_ACCOUNT_MAX_TOKEN_EXPIRATION }),
      extendExpiration: e.KUBELEDGER_SERVICE_ACCOUNT_EXTEND_TOKEN_EXPIRATION === 'true',
    },
    kubeconfigPath: e.KUBELEDGER_KUBECONFIG,
    disabledAdmissionPlugins: e.KUBELEDGER_DISABLE_ADMISSION_PLUGINS,
    defaultTolerationSeconds: { notReadySeconds: e.KUBELEDGER_DEFAULT_NOT_READY_TOLERATION_SECONDS, unreachableSeconds: e.KUBELEDGER_DEFAULT_UNREACHABLE_TOLERATION_SECONDS },
  });
}
