import { KubeClient, loadKubeconfig, resourcePath, type ClientConfig } from '@kubeledger/client';
import { describeError, type ErrorContext } from './describe-error.js';
import { discoverResources } from './discover-resources.js';
import { parseHistoryArgs } from './history-args.js';
import { renderHistory, type HistoryItem } from './render-history.js';
import { resolveResource, resourceName } from './resolve-resource.js';

export const HISTORY_USAGE = `usage: kubeledger history <resource>/<name> [-n <namespace>] [--kubeconfig <file>]
       kubeledger history <resource> <name> [-n <namespace>] [--kubeconfig <file>]

Prints every retained revision of an object from the event log, oldest first: the revision, its
time, its event type and who wrote it, then a diff of the object (YAML) from the revision before.
A deleted object's revisions, and those of earlier objects of the same name, are included.
<resource> is what kubectl takes (pod, po, deployment, deploy, deployments.apps, cm, node, ...).
Needs get on the object. Defaults: the namespace of the kubeconfig's context, else default;
--kubeconfig, else KUBECONFIG, else ~/.kube/config.`;

/** Where the output goes (the terminal, or a test). */
export interface HistoryOutput {
  readonly out: (text: string) => void;
  readonly err: (line: string) => void;
  /** Colour the diff. */
  readonly color: boolean;
}

/** The history endpoint of the apiserver (kubeledger's; see services/apiserver handlers/history.ts). */
const HISTORY_PREFIX = '/kubeledger/history';

/** A few quick retries (a blip), then a clear error rather than a long wait. */
const RETRIES = { steps: 3 };

const terminal: HistoryOutput = {
  out: (text) => process.stdout.write(text),
  err: (line) => console.error(line),
  color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
};

/**
 * `kubeledger history <resource>/<name>`: resolves the resource with the apiserver's discovery,
 * reads the object's history from the apiserver and prints it. Mistakes in the command line throw
 * a UsageError; everything else is printed as one line saying what to do, and the exit code is 1.
 */
export async function historyCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env, output: HistoryOutput = terminal): Promise<number> {
  const parsed = parseHistoryArgs(args, env);
  let ctx: ErrorContext = { kubeconfig: parsed.kubeconfig };
  let client: KubeClient | undefined;
  try {
    const config: ClientConfig = loadKubeconfig(parsed.kubeconfig);
    ctx = { ...ctx, server: config.server };
    client = new KubeClient({ ...config, userAgent: 'kubeledger-history/0.1.0', retries: RETRIES });
    const resource = resolveResource(parsed.type, await discoverResources(client));
    if (!resource) {
      output.err(`kubeledger: the server doesn't have a resource type "${parsed.type}": see the types it serves with kubectl api-resources`);
      return 1;
    }
    const namespace = resource.namespaced ? (parsed.namespace ?? config.namespace ?? 'default') : undefined;
    ctx = { ...ctx, target: { resource: resourceName(resource), name: parsed.name, ...(namespace && { namespace }) } };
    const history = await client.requestJson<{ items?: HistoryItem[] }>('GET', `${HISTORY_PREFIX}${resourcePath(resource, namespace, parsed.name)}`);
    output.out(renderHistory(history.items ?? [], { color: output.color }));
    return 0;
  } catch (err) {
    output.err(`kubeledger: ${describeError(err, ctx)}`);
    return 1;
  } finally {
    await client?.close();
  }
}
