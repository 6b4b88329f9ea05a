import type { RuntimeContainer } from './container-runtime.js';

/**
 * What a `process` container learns of its network through its environment, since it shares the
 * host's network instead of having its own: `KUBELEDGER_POD_IP` (its pod's loopback address — bind
 * there, not to 0.0.0.0, so pods with the same port do not collide), `KUBELEDGER_PORT` (its first
 * declared containerPort) and `KUBELEDGER_PORT_<NAME>` for each named port (upper case, `-` as
 * `_`). Variables the pod spec sets itself win over these.
 */
export function processNetworkEnv(podIP: string, ports: RuntimeContainer['ports'] = []): Record<string, string> {
  const env: Record<string, string> = { KUBELEDGER_POD_IP: podIP };
  const [first] = ports;
  if (first) env['KUBELEDGER_PORT'] = String(first.containerPort);
  for (const port of ports) if (port.name) env[`KUBELEDGER_PORT_${port.name.toUpperCase().replace(/-/g, '_')}`] = String(port.containerPort);
  return env;
}
