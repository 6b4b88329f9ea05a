import type { ServerResponse } from 'node:http';
import { decodePodLogOptions, isStatusError, validatePodLogOptions, type PodLogOptions } from '@kubeledger/api';
import { logInstance } from '../logs/container-log-instance.js';
import { logReadOptions, readContainerLog } from '../logs/read-container-log.js';
import { allContainers } from '../pods/pod-containers.js';
import { podUid, type Pod } from '../pods/pod.js';
import type { RuntimeContainerLog } from '../runtime/container-runtime.js';
import type { ContainerStatus } from '../status/container-status.js';
import { plainText } from './plain-text.js';

/** What serving container logs reads of the kubelet. */
export interface ContainerLogsDeps {
  /** A pod bound to this node. */
  pod(namespace: string, name: string): Pod | undefined;
  /** The container's status as the kubelet knows it now. */
  containerStatus(pod: Pod, containerName: string): ContainerStatus | undefined;
  /** The runtime's log of one run of the container. */
  containerLog(podUid: string, containerName: string, restartCount: number): RuntimeContainerLog;
  now(): Date;
}

export interface ContainerLogsRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly query: URLSearchParams;
}

/**
 * `GET /containerLogs/<namespace>/<pod>/<container>` (upstream's getContainerLogs and
 * GetKubeletContainerLogs): the PodLogOptions of the query (the old `tail` too), the pod and
 * container looked up, the run the options ask for, then its log as text/plain, chunked, for as
 * long as it is followed or until `signal` aborts (the client went away, the kubelet stops).
 * Errors are plain text, with upstream's codes and words.
 */
export async function serveContainerLogs(deps: ContainerLogsDeps, request: ContainerLogsRequest, response: ServerResponse, signal: AbortSignal): Promise<void> {
  let options: PodLogOptions;
  try {
    options = decodePodLogOptions(queryParameters(request.query));
  } catch (err) {
    if (!isStatusError(err)) throw err;
    return plainText(response, 400, '{"message": "Unable to decode query."}');
  }
  if (validatePodLogOptions(options).length > 0) return plainText(response, 422, '{"message": "Invalid request."}');
  const pod = deps.pod(request.namespace, request.pod);
  if (!pod) return plainText(response, 404, `pod ${JSON.stringify(request.pod)} does not exist`);
  if (!allContainers(pod).some((c) => c.spec.name === request.container)) return plainText(response, 404, `container ${JSON.stringify(request.container)} not found in pod ${JSON.stringify(request.pod)}`);
  const instance = logInstance(request.pod, request.container, deps.containerStatus(pod, request.container), options.previous);
  if ('error' in instance) return plainText(response, 400, instance.error);

  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'transfer-encoding': 'chunked' });
  response.flushHeaders();
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve) => {
      if (response.write(chunk) || response.destroyed) return resolve();
      const done = () => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.once('drain', done);
      response.once('close', done);
    });
  try {
    await readContainerLog(deps.containerLog(podUid(pod), request.container, instance.restartCount), logReadOptions(options, deps.now()), write, signal);
  } finally {
    response.end();
  }
}

/** The query as PodLogOptions are decoded from; `tail` is the old name of tailLines, `tail=all` all lines. */
function queryParameters(query: URLSearchParams): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  for (const key of new Set(query.keys())) params[key] = query.getAll(key);
  const tail = params['tail']?.[0];
  if (tail) {
    if (tail === 'all') delete params['tailLines'];
    else params['tailLines'] = [tail];
  }
  return params;
}
