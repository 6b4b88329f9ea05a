import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TRACE_ID_ANNOTATION, type KubeObject } from '@kubeledger/api';
import { isApiError, isNotFound, isTransportError, KubeClient, loadKubeconfig, PODS } from '@kubeledger/client';
import { UsageError } from '../usage-error.js';
import { fetchTrace, jaegerTraceLink } from './jaeger-query.js';
import { renderWaterfall } from './render-waterfall.js';

export const DEFAULT_JAEGER_URL = 'http://127.0.0.1:16686';

export const TRACE_USAGE = `usage: kubeledger trace pod/<name> [-n <namespace>] [--kubeconfig <file>] [--jaeger-url <url>]
       kubeledger trace pod <name> [...]

Prints the trace of a pod's creation (apiserver, store, bus, scheduler, kubelet, …) as a
waterfall read from Jaeger's query API, and the link to it in the Jaeger UI. The apiserver
records the trace on the pod (annotation ${TRACE_ID_ANNOTATION}) when tracing is on.
Defaults: -n the kubeconfig context's namespace, else default; --kubeconfig $KUBECONFIG, else
~/.kube/config; --jaeger-url $KUBELEDGER_JAEGER_URL, else ${DEFAULT_JAEGER_URL}`;

const POD_KINDS = new Set(['pod', 'pods', 'po']);
const TRACE_ID = /^[0-9a-f]{32}$/;

export interface TraceCommandIo {
  readonly env: NodeJS.ProcessEnv;
  /** The terminal's width (default 100 when it is not a terminal). */
  readonly columns: number | undefined;
  out(text: string): void;
  err(text: string): void;
}

const processIo: TraceCommandIo = {
  env: process.env,
  get columns() {
    // A terminal's width; when piped, COLUMNS if set (as `ls` and friends read it).
    return process.stdout.columns || Number(process.env['COLUMNS']) || undefined;
  },
  out: (text) => console.log(text),
  err: (text) => console.error(text),
};

/**
 * `kubeledger trace pod/<name>`: finds the pod's creation trace id on the pod and prints the trace
 * from Jaeger as a waterfall. Returns the exit code (1 when the trace cannot be shown, with what
 * to do next on stderr); a mistake in the command line throws a {@link UsageError}.
 */
export async function traceCommand(args: readonly string[], io: TraceCommandIo = processIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { namespace: { type: 'string', short: 'n' }, kubeconfig: { type: 'string' }, 'jaeger-url': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const name = podName(positionals);
  const jaegerUrl = values['jaeger-url'] ?? (io.env['KUBELEDGER_JAEGER_URL'] || DEFAULT_JAEGER_URL);
  if (!/^https?:\/\/[^/]/i.test(jaegerUrl) || !URL.canParse(jaegerUrl)) throw new UsageError(`--jaeger-url: ${JSON.stringify(jaegerUrl)} is not an http(s) URL (say http://127.0.0.1:16686)`);
  try {
    const kubeconfig = kubeconfigPath(values.kubeconfig, io.env);
    if (!existsSync(kubeconfig)) throw new Error(`no kubeconfig at ${kubeconfig}: pass --kubeconfig or set KUBECONFIG (npm start writes .kubeledger/kubeconfig)`);
    const config = loadKubeconfig(kubeconfig);
    const namespace = values.namespace ?? config.namespace ?? 'default';
    const traceId = await creationTraceId(new KubeClient({ ...config, retries: { steps: 1 } }), namespace, name, config.server);
    const trace = await fetchTrace(jaegerUrl, traceId);
    io.out(renderWaterfall(trace, { width: io.columns || 100, link: jaegerTraceLink(jaegerUrl, traceId) }));
    return 0;
  } catch (err) {
    io.err(`kubeledger: ${(err as Error).message}`);
    return 1;
  }
}

/** The pod's name from `pod/<name>` or `pod <name>`. */
function podName(positionals: readonly string[]): string {
  const [first, second, ...rest] = positionals;
  if (first === undefined) throw new UsageError('which pod? say kubeledger trace pod/<name>');
  const slash = first.indexOf('/');
  const [kind, name] = slash >= 0 ? [first.slice(0, slash), first.slice(slash + 1)] : [first, second];
  const extra = slash >= 0 ? [second, ...rest].filter((a) => a !== undefined) : rest;
  if (!POD_KINDS.has(kind.toLowerCase())) throw new UsageError(`only pods carry a creation trace, not ${JSON.stringify(kind)}: say kubeledger trace pod/<name>`);
  if (!name) throw new UsageError('which pod? say kubeledger trace pod/<name>');
  if (extra.length > 0) throw new UsageError(`one pod at a time (unexpected ${extra.map((a) => JSON.stringify(a)).join(' ')})`);
  return name;
}

/** --kubeconfig, else the first existing file in KUBECONFIG, else ~/.kube/config. */
function kubeconfigPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return path.resolve(flag);
  const listed = (env['KUBECONFIG'] ?? '').split(path.delimiter).filter(Boolean);
  if (listed.length > 0) return path.resolve(listed.find((file) => existsSync(file)) ?? listed[0]!);
  return path.join(env['HOME'] || os.homedir(), '.kube', 'config');
}

async function creationTraceId(client: KubeClient, namespace: string, name: string, server: string): Promise<string> {
  let pod: KubeObject;
  try {
    pod = await client.get(PODS, namespace, name);
  } catch (err) {
    if (isNotFound(err)) throw new Error(`pod ${namespace}/${name} not found (list them: kubectl get pods -n ${namespace})`, { cause: err });
    if (isApiError(err)) throw new Error(`the apiserver refused to read pod ${namespace}/${name}: ${err.message}`, { cause: err });
    if (isTransportError(err)) throw new Error(`could not reach the apiserver at ${server}: ${err.message} (is it running? check --kubeconfig or KUBECONFIG)`, { cause: err });
    throw err;
  } finally {
    await client.close();
  }
  const traceId = (pod.metadata?.['annotations'] as Readonly<Record<string, string>> | undefined)?.[TRACE_ID_ANNOTATION];
  if (!traceId)
    throw new Error(
      `pod ${namespace}/${name} has no creation trace: it was created while tracing was off (set OTEL_EXPORTER_OTLP_ENDPOINT for the apiserver, see README)`,
    );
  if (!TRACE_ID.test(traceId)) throw new Error(`pod ${namespace}/${name}: annotation ${TRACE_ID_ANNOTATION} is ${JSON.stringify(traceId)}, not a trace id (32 lowercase hex digits)`);
  return traceId;
}
