import { expectOk, type HttpClient } from '../http-client.js';
import { now } from '../stats.js';
import { waitUntil } from './wait-until.js';

interface DeploymentStatus {
  readonly observedGeneration?: number;
  readonly replicas?: number;
  readonly updatedReplicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly conditions?: readonly { readonly type: string; readonly status: string }[];
}
interface Deployment {
  readonly metadata: { readonly generation?: number };
  readonly spec: { readonly replicas: number };
  readonly status?: DeploymentStatus;
}

export interface RolloutFigures {
  /** From the request (create or patch) to a status that `kubectl rollout status` calls done. */
  readonly seconds: number;
  /** When the first and the last of the new pods were seen available, in seconds from the request. */
  readonly firstAvailableSeconds: number | undefined;
}

/** `kubectl rollout status`'s test: the status is of this generation, every replica is updated and available, no old one is left. */
export function rolloutDone(d: Deployment): boolean {
  const s = d.status ?? {};
  const want = d.spec.replicas;
  return (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want;
}

const describe = (d: Deployment | undefined) => {
  const s = d?.status ?? {};
  return `replicas ${s.replicas ?? 0}, updated ${s.updatedReplicas ?? 0}, ready ${s.readyReplicas ?? 0}, available ${s.availableReplicas ?? 0} of ${d?.spec.replicas ?? '?'}`;
};

interface PodTimeline {
  created: number;
  node?: string;
  bound?: number;
  running?: number;
}

/**
 * Pods the namespace's watch saw created, and Running, since it opened: what the progress lines show
 * beside the Deployment's status. When only a few are not Running yet, they are named with where they
 * stand (their node and how long ago they were created), since such stragglers make a phase's tail.
 */
async function watchPods(client: HttpClient, namespace: string): Promise<{ readonly counts: () => string; readonly close: () => void }> {
  const pods = new Map<string, PodTimeline>();
  let running = 0;
  const close = await client.watch(`/api/v1/namespaces/${namespace}/pods?watch=true`, (frame) => {
    const name = frame.object.metadata?.name ?? '';
    const object = frame.object as { spec?: { nodeName?: string }; status?: { phase?: string } };
    let pod = pods.get(name);
    if (!pod) pods.set(name, (pod = { created: now() }));
    if (object.spec?.nodeName && pod.bound === undefined) {
      pod.node = object.spec.nodeName;
      pod.bound = now();
    }
    if (object.status?.phase === 'Running' && pod.running === undefined) {
      pod.running = now();
      running++;
    }
  });
  const counts = () => {
    const waiting = [...pods].filter(([, p]) => p.running === undefined);
    const stragglers =
      waiting.length > 0 && waiting.length <= 10
        ? `; not Running: ${waiting.map(([name, p]) => `${name} (${p.node ? `on ${p.node} for ${((now() - p.bound!) / 1000).toFixed(1)} s` : 'unscheduled'}, created ${((now() - p.created) / 1000).toFixed(1)} s ago)`).join(', ')}`
        : '';
    return `pods created ${pods.size}, Running ${running}${stragglers}`;
  };
  return { counts, close };
}

/** Sends `request` (a create or a template change of the Deployment at `path`) and times it to a complete rollout. */
export async function timeRollout(client: HttpClient, path: string, request: () => Promise<unknown>, timeoutMs: number): Promise<RolloutFigures> {
  let last: Deployment | undefined;
  let firstAvailable: number | undefined;
  const pods = await watchPods(client, path.split('/')[5]!);
  try {
    const since = now();
    await request();
    const { ms } = await waitUntil(
      'rollout',
      async () => {
        last = JSON.parse((await expectOk(client.request('GET', path))).body.toString()) as Deployment;
        if (firstAvailable === undefined && (last.status?.updatedReplicas ?? 0) > 0 && (last.status?.availableReplicas ?? 0) > 0) firstAvailable = now() - since;
        return rolloutDone(last) ? true : undefined;
      },
      { since, timeoutMs, everyMs: 100, describe: () => `${describe(last)}; ${pods.counts()}` },
    );
    return { seconds: ms / 1000, firstAvailableSeconds: firstAvailable === undefined ? undefined : firstAvailable / 1000 };
  } finally {
    pods.close();
  }
}
