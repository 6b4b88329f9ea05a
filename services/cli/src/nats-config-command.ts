import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeNatsConfig } from '@kubeledger/bus';
import { UsageError } from './usage-error.js';

export const NATS_CONFIG_USAGE = `usage: kubeledger nats-config --dir <dir> [--nodes a,b] [--host h] [--port p] [--store-dir d] [--url u] [--prefix k8s] [--stream K8S]

Writes <dir>/nats-server.conf (one NATS user per component, each allowed only the subjects it
needs; only the apiserver may publish events) and one <user>.env per component (NATS_URL,
NATS_USER, NATS_PASSWORD, …). Passwords already in <dir> are kept. Run nats-server -c <dir>/nats-server.conf.
Compose: --host 0.0.0.0 --store-dir /data --url nats://nats:4222`;

/** `kubeledger nats-config`: the nats-server config and component credentials, from the one permission table. */
export async function natsConfigCommand(args: readonly string[]): Promise<string[]> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      dir: { type: 'string' },
      nodes: { type: 'string', default: '' },
      host: { type: 'string' },
      port: { type: 'string' },
      'store-dir': { type: 'string' },
      url: { type: 'string' },
      prefix: { type: 'string' },
      stream: { type: 'string' },
    },
    strict: true,
  });
  if (!values.dir) throw new UsageError('--dir is required');
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new UsageError('--port must be a port number');
  const dir = resolve(values.dir);
  const written = await writeNatsConfig({
    dir,
    nodes: values.nodes.split(',').map((n) => n.trim()).filter((n) => n !== ''),
    storeDir: values['store-dir'] ?? resolve(dir, 'store'),
    ...(values.host !== undefined && { host: values.host }),
    ...(port !== undefined && { port }),
    ...(values.url !== undefined && { url: values.url }),
    ...(values.prefix !== undefined && { prefix: values.prefix }),
    ...(values.stream !== undefined && { stream: values.stream }),
  });
  return [written.configPath, ...written.envFiles.values()];
}
