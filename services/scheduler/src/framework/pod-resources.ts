import { milliCpu, wholeUnits, type KubeObject } from '@kubeledger/api';

/** CPU in millicores and memory in bytes. */
export interface Resources {
  readonly milliCpu: number;
  readonly memory: number;
}

/**
 * What a pod holds of its node: its requests, and for scoring the same with upstream's defaults
 * for a container that requests no CPU (100m) or no memory (200 MiB) — NodeInfo.NonZeroRequested,
 * so pods without requests still spread.
 */
export interface Requests extends Resources {
  readonly nonZeroMilliCpu: number;
  readonly nonZeroMemory: number;
}

export const NO_REQUESTS: Requests = { milliCpu: 0, memory: 0, nonZeroMilliCpu: 0, nonZeroMemory: 0 };
const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 2 ** 20;

/** `a` + `sign` × `b`, field by field. */
export const addRequests = (a: Requests, b: Requests, sign: 1 | -1 = 1): Requests => ({
  milliCpu: a.milliCpu + sign * b.milliCpu,
  memory: a.memory + sign * b.memory,
  nonZeroMilliCpu: a.nonZeroMilliCpu + sign * b.nonZeroMilliCpu,
  nonZeroMemory: a.nonZeroMemory + sign * b.nonZeroMemory,
});

interface Container {
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  restartPolicy?: string;
}

/** A container's requests; an unset request takes the limit, as the API defaults it. */
function containerRequests(c: Container): Requests {
  const get = (name: string) => c.resources?.requests?.[name] ?? c.resources?.limits?.[name];
  const cpu = get('cpu');
  const memory = get('memory');
  const requested = { milliCpu: cpu === undefined ? 0 : milliCpu(cpu), memory: memory === undefined ? 0 : wholeUnits(memory) };
  return { ...requested, nonZeroMilliCpu: cpu === undefined ? DEFAULT_MILLI_CPU : requested.milliCpu, nonZeroMemory: memory === undefined ? DEFAULT_MEMORY : requested.memory };
}

const max = (a: Requests, b: Requests): Requests => ({
  milliCpu: Math.max(a.milliCpu, b.milliCpu),
  memory: Math.max(a.memory, b.memory),
  nonZeroMilliCpu: Math.max(a.nonZeroMilliCpu, b.nonZeroMilliCpu),
  nonZeroMemory: Math.max(a.nonZeroMemory, b.nonZeroMemory),
});

/**
 * What a pod asks of its node (upstream's resource.PodRequests): the sum over its containers,
 * at least the largest init container (restartable "sidecar" init containers add up), plus the
 * pod's overhead.
 */
export function podRequests(pod: KubeObject): Requests {
  let known = computed.get(pod);
  if (!known) computed.set(pod, (known = computeRequests(pod)));
  return known;
}

/** Informer objects are replaced, never changed in place: a pod's requests are worked out once (filters and scores ask per node). */
const computed = new WeakMap<KubeObject, Requests>();

function computeRequests(pod: KubeObject): Requests {
  const spec = (pod['spec'] ?? {}) as { containers?: Container[]; initContainers?: Container[]; overhead?: Record<string, string | number> };
  const add = (a: Requests, b: Requests) => addRequests(a, b);
  let total = NO_REQUESTS;
  for (const c of spec.containers ?? []) total = add(total, containerRequests(c));
  let sidecars = NO_REQUESTS;
  let initPeak = NO_REQUESTS;
  for (const c of spec.initContainers ?? []) {
    const requests = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      sidecars = add(sidecars, requests);
      initPeak = max(initPeak, sidecars);
    } else {
      initPeak = max(initPeak, add(requests, sidecars));
    }
  }
  total = max(add(total, sidecars), initPeak);
  if (spec.overhead) {
    const overhead = containerRequests({ resources: { requests: spec.overhead } });
    total = add(total, { ...overhead, nonZeroMilliCpu: overhead.milliCpu, nonZeroMemory: overhead.memory });
  }
  return total;
}
