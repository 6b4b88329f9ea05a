import type { IncomingMessage } from 'node:http';
import { badRequest, decodePodLogOptions, genericServerResponse, internalError, invalid, podLogQuery, StatusError, validatePodLogOptions, type KubeObject, type QueryParameters } from '@kubeledger/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KubeletClient } from '../kubelet/kubelet-client.js';
import { kubeletEndpoint } from '../kubelet/kubelet-endpoint.js';
import type { GenericStore } from '../registry/generic-store.js';

/** What `pods/log` reads: pods, the Node of a pod, and its kubelet. */
export interface PodLogDeps {
  readonly pods: GenericStore;
  readonly nodes: GenericStore;
  readonly kubelet: KubeletClient;
}

interface PodSpec {
  nodeName?: string;
  containers?: { name: string }[];
  initContainers?: { name: string }[];
  ephemeralContainers?: { name: string }[];
}

const POD_LOG = { group: '', resource: 'pods/log' };
const POD_LOG_OPTIONS = { group: '', kind: 'PodLogOptions' };
/** How much of a kubelet's error answer is kept (upstream's maxReadLength). */
const MAX_ERROR_BODY = 50_000;

/**
 * `GET …/pods/<name>/log` (upstream's LogREST and LogLocation): the PodLogOptions of the query
 * (400 when they do not decode, 422 when invalid), the pod (404), its container (400 when it names
 * none of the pod's, or none while the pod has several), then its node's kubelet —
 * `/containerLogs/<namespace>/<pod>/<container>` on the Node's address and kubelet port —
 * streamed back as text/plain for as long as the kubelet sends (following: until the container
 * stops, the client goes or the server stops). A pod on no node has no log yet: 204. What the
 * kubelet answers instead of a log becomes the Status upstream makes of it.
 */
export async function handlePodLog(deps: PodLogDeps, namespace: string, name: string, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const options = decodePodLogOptions(request.query as QueryParameters);
  const errors = validatePodLogOptions(options);
  if (errors.length > 0) throw invalid(POD_LOG_OPTIONS, name, errors);
  const pod = await deps.pods.get(namespace, name);
  const container = logContainer(pod, options.container);
  const nodeName = ((pod['spec'] ?? {}) as PodSpec).nodeName;
  if (!nodeName) return reply.code(204).send();
  const node = await deps.nodes.get('', nodeName);
  let endpoint: { host: string; port: number };
  try {
    endpoint = kubeletEndpoint(node);
  } catch (err) {
    throw unknownError((err as Error).message);
  }
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  const url = new URL(`https://${host}:${endpoint.port}/containerLogs/${[namespace, name, container].map(encodeURIComponent).join('/')}`);
  url.search = podLogQuery(options);

  const upstream = new AbortController();
  reply.raw.once('close', () => upstream.abort()); // the client went away
  let response: IncomingMessage;
  try {
    response = await deps.kubelet.get(url, { signal: upstream.signal, insecureSkipVerify: options.insecureSkipTLSVerifyBackend });
  } catch (err) {
    if (upstream.signal.aborted) return reply;
    throw unknownError(`Get ${JSON.stringify(url.toString())}: ${(err as Error).message}`);
  }
  const code = response.statusCode ?? 500;
  if (code < 200 || code > 206) throw responseError(code, await readAtMost(response, MAX_ERROR_BODY), name);
  await stream(response, request, reply, upstream);
  return reply;
}

/** validateContainer: the container asked for, or the pod's only one. */
function logContainer(pod: KubeObject, container: string | undefined): string {
  const name = pod.metadata?.name ?? '';
  const spec = (pod['spec'] ?? {}) as PodSpec;
  const containers = spec.containers ?? [];
  const all = [...(spec.initContainers ?? []), ...containers, ...(spec.ephemeralContainers ?? [])].map((c) => c.name);
  if (container) {
    if (!all.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
    return container;
  }
  if (containers.length === 1) return containers[0]!.name;
  if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
}

/** The kubelet's answer, as it came, to the client: text/plain, chunked, each chunk as it arrives. */
async function stream(response: IncomingMessage, request: FastifyRequest, reply: FastifyReply, upstream: AbortController): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
  res.flushHeaders();
  // A stopping server ends the stream cleanly (a follower sees the end of the log, not a reset).
  const unregister = request.server.shutdown.onShutdown(() => upstream.abort());
  try {
    await new Promise<void>((resolve) => {
      response.on('data', (chunk: Buffer) => {
        if (!res.write(chunk)) {
          response.pause();
          res.once('drain', () => response.resume());
        }
      });
      response.once('end', resolve);
      response.once('error', () => resolve());
      response.once('close', resolve);
      res.once('close', resolve);
      upstream.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    unregister();
    upstream.abort();
    response.destroy();
    if (!res.writableEnded) res.end();
  }
}

/** GenericHttpResponseChecker: a 500 is an InternalError, a 400 a BadRequest, with the kubelet's words; other codes as NewGenericServerResponse makes them. */
function responseError(code: number, body: string, name: string): StatusError {
  if (code === 500) return internalError(new Error(body));
  if (code === 400) return badRequest(body);
  return genericServerResponse(code, POD_LOG, name, body);
}

/** An error that is no Status (upstream's ErrorToAPIStatus default): 500, no reason, the error's words. */
const unknownError = (message: string) => new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 });

async function readAtMost(response: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= max) break;
    }
  } catch {
    // what arrived is what there is
  }
  response.destroy();
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}
