import { isIP } from 'node:net';
import { parseSettings } from '@kubeledger/api';
import { busConfigFromEnv } from '@kubeledger/bus';
import type { ComponentSettings } from '@kubeledger/client';
import { z } from 'zod';

/** The proxy's settings, from the environment (DESIGN §5, §8). */
const Env = z.object({
  /** The proxy's kubeconfig (user system:kube-proxy). */
  KUBECONFIG: z.string().min(1).default('.kubeledger/system_kube-proxy.kubeconfig'),
  /** Where NodePorts listen (kube-proxy's --nodeport-addresses). */
  KUBELEDGER_NODE_PORT_ADDRESS: z.string().refine((a) => isIP(a) !== 0, 'an IP address').default('127.0.0.1'),
});

export interface Config extends ComponentSettings {
  readonly nodePortAddress: string;
}

/** Parses and freezes the configuration; throws with every problem listed. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const e = parseSettings(Env, env);
  return Object.freeze({
    kubeconfig: e.KUBECONFIG,
    bus: busConfigFromEnv(env),
    nodePortAddress: e.KUBELEDGER_NODE_PORT_ADDRESS,
  });
}
