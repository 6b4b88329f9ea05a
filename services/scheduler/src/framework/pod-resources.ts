import { milliCpu, wholeUnits, type KubeObject } from '@kubeledger/api';

/** CPU in millicores and memory in bytes. */
export interface Resources {
  readonly milliCpu: number;
  readonly memory: number;
}

interface Container {
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  restartPolicy?: string;
}

/** A container's requests; an unset request takes the limit, as the API defaults it. */
function containerRequests(c: Container): Resources {
  const get = (name: string) => c.resources?.requests?.[name] ?? c.resources?.limits?.[name];
  const cpu = get('cpu');
  const memory = get('memory');
  return { milliCpu: cpu === undefined ? 0 : milliCpu(cpu), memory: memory === undefined ? 0 : wholeUnits(memory) };
}

const add = (a: Resources, b: Resources): Resources => ({ milliCpu: a.milliCpu + b.milliCpu, memory: a.memory + b.memory });
const max = (a: Resources, b: Resources): Resources => ({ milliCpu: Math.max(a.milliCpu, b.milliCpu), memory: Math.max(a.memory, b.memory) });

/**
 * What a pod asks of its node (upstream's resource.PodRequests): the sum over its containers,
 * at least the largest init container (restartable "sidecar" init containers add up), plus the
 * pod's overhead.
 */
export function podRequests(pod: KubeObject): Resources {
  let known = computed.get(pod);
  if (!known) computed.set(pod, (known = computeRequests(pod)));
  return known;
}

/** Informer objects are replaced, never changed in place: a pod's requests are worked out once (filters and scores ask per node). */
const computed = new WeakMap<KubeObject, Resources>();

function computeRequests(pod: KubeObject): Resources {
  const spec = (pod['spec'] ?? {}) as { containers?: Container[]; initContainers?: Container[]; overhead?: Record<string, string | number> };
  let total: Resources = { milliCpu: 0, memory: 0 };
  for (const c of spec.containers ?? []) total = add(total, containerRequests(c));
  let sidecars: Resources = { milliCpu: 0, memory: 0 };
  let initPeak: Resources = { milliCpu: 0, memory: 0 };
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
  if (spec.overhead) total = add(total, containerRequests({ resources: { requests: spec.overhead } }));
  return total;
}
