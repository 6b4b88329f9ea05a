import { isIP } from 'node:net';
import { busConfig, type ResolvedBusConfig } from '@kubeledger/bus';
import { z } from 'zod';

/** The proxy's settings, from the environment (DESIGN §5, §8). */
const Env = z.object({
  /** The proxy's kubeconfig (user system:kube-proxy). */
  KUBECONFIG: z.string().min(1).default('.kubeledger/system_kube-proxy.kubeconfig'),
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  /** The proxy's NATS user; unset: no NATS auth. */
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  KUBELEDGER_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only').default('K8S'),
  KUBELEDGER_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9-]+$/, 'one subject token: letters, digits and -').default('k8s'),
  /** Where NodePorts listen (kube-proxy's --nodeport-addresses). */
  KUBELEDGER_NODE_PORT_ADDRESS: z.string().refine((a) => isIP(a) !== 0, 'an IP address').default('127.0.0.1'),
});

export interface Config {
  readonly kubeconfig: string;
  readonly bus: ResolvedBusConfig;
  readonly nodePortAddress: string;
}

/** Parses and freezes the configuration; throws with every problem listed. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) throw new Error(`invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  const e = parsed.data;
  return Object.freeze({
    kubeconfig: e.KUBECONFIG,
    bus: busConfig({ servers: e.NATS_URL, ...(e.NATS_USER !== undefined && { user: e.NATS_USER, pass: e.NATS_PASSWORD ?? '' }), stream: e.KUBELEDGER_STREAM, prefix: e.KUBELEDGER_SUBJECT_PREFIX }),
    nodePortAddress: e.KUBELEDGER_NODE_PORT_ADDRESS,
  });
}
