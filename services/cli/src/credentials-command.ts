import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';
import { loadPki, writeCredentials } from './write-credentials.js';

export const CREDENTIALS_USAGE = `usage: kubeledger credentials --user <name> [--group <group>]... [--server <url>] [--namespace <ns>] [--days <n>] [--out <file>]

Issues a client certificate for <name> (its groups as O) from the cluster CA in Postgres
(DATABASE_URL) and writes a kubeconfig using it. Component identities:
  --user system:kube-scheduler                       the scheduler
  --user system:kube-controller-manager              the controller-manager
  --user system:kube-proxy                           the proxy
  --user system:node:<node> --group system:nodes     a kubelet
Defaults: --server https://127.0.0.1:6443, --days 365, --out ./<name>.kubeconfig`;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/kubeledger';

/** `kubeledger credentials`: a client certificate and kubeconfig for a user and groups. */
export async function credentialsCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      user: { type: 'string' },
      group: { type: 'string', multiple: true, default: [] },
      server: { type: 'string', default: 'https://127.0.0.1:6443' },
      namespace: { type: 'string' },
      days: { type: 'string', default: '365' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (!values.user) throw new UsageError('--user is required');
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1) throw new UsageError('--days must be a whole number of days, at least 1');
  return writeCredentials(await loadPki(env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL), {
    user: values.user,
    groups: values.group,
    server: values.server,
    out: path.resolve(values.out ?? `${values.user.replace(/[^A-Za-z0-9._-]/g, '_')}.kubeconfig`),
    days,
    ...(values.namespace && { namespace: values.namespace }),
  });
}
