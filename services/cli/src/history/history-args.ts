import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../usage-error.js';

/** What `kubeledger history` was asked. */
export interface HistoryArgs {
  /** The resource type as typed: `deployment`, `po`, `deployments.apps`. */
  readonly type: string;
  readonly name: string;
  /** `-n`/`--namespace`, when given. */
  readonly namespace?: string;
  readonly kubeconfig: string;
}

/**
 * `<resource>/<name>` or `<resource> <name>`, `-n`/`--namespace`, `--kubeconfig`; the kubeconfig
 * is `--kubeconfig`, else the first file `KUBECONFIG` lists, else `~/.kube/config`, as kubectl's.
 */
export function parseHistoryArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): HistoryArgs {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { namespace: { type: 'string', short: 'n' }, kubeconfig: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [type, name] = typeAndName(positionals);
  if (values.namespace === '') throw new UsageError('--namespace must not be empty');
  return {
    type,
    name,
    ...(values.namespace !== undefined && { namespace: values.namespace }),
    kubeconfig: values.kubeconfig || (env['KUBECONFIG'] ?? '').split(path.delimiter).find(Boolean) || path.join(os.homedir(), '.kube', 'config'),
  };
}

function typeAndName(positionals: readonly string[]): [string, string] {
  if (positionals.length === 0) throw new UsageError('name the object: kubeledger history <resource>/<name>, e.g. deployment/web');
  if (positionals.length > 2) throw new UsageError(`one object at a time: got ${positionals.length} arguments (${positionals.join(' ')})`);
  if (positionals.length === 2) {
    const [type, name] = positionals as [string, string];
    if (type.includes('/') || name.includes('/')) throw new UsageError(`give either <resource>/<name> or <resource> <name>, not ${positionals.join(' ')}`);
    if (!type || !name) throw new UsageError('the resource and the name must not be empty');
    return [type, name];
  }
  const parts = positionals[0]!.split('/');
  if (parts.length === 1) throw new UsageError(`name the ${parts[0]}: kubeledger history ${parts[0]}/<name>`);
  if (parts.length > 2 || !parts[0] || !parts[1]) throw new UsageError(`arguments in resource/name form must have a single resource and name, not ${JSON.stringify(positionals[0])}`);
  return [parts[0], parts[1]];
}
