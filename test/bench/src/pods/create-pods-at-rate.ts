import type { HttpClient } from '../http-client.js';
import { Samples, now, round, summarize, type LatencySummary } from '../stats.js';
import type { PodStartupWatch } from './pod-startup-watch.js';

export interface PodToCreate {
  readonly namespace: string;
  readonly name: string;
  readonly body: unknown;
}

export interface CreateOutcome {
  /** Creates acknowledged per second, from the first one due to the last response. */
  readonly perSec: number;
  /** From when each create was due to its response (includes waiting for a free connection and retries). */
  readonly latency: LatencySummary;
  /** Creates sent again after a 429, a 5xx or a broken connection, by what the first attempt got (`429`, `503`, `no response`). */
  readonly retries: Readonly<Record<string, number>>;
}

const MAX_ATTEMPTS = 10;

/**
 * Creates `pods` open-loop at `rate` per second over the client's connection pool: each POST is
 * sent when it is due whatever the earlier ones are doing (no coordinated omission), and stamped
 * in `watch` (due, acknowledged). A 429, 5xx or broken connection is retried after a short pause;
 * 409 AlreadyExists on a retry means the first attempt got through. Any other answer stops the
 * schedule and fails once the requests in flight are done.
 */
export async function createPodsAtRate(client: HttpClient, pods: readonly PodToCreate[], rate: number, watch: PodStartupWatch): Promise<CreateOutcome> {
  const latency = new Samples();
  const retries: Record<string, number> = {};
  let failure: Error | undefined;
  let lastAck = 0;
  const create = async (pod: PodToCreate, due: number) => {
    const key = `${pod.namespace}/${pod.name}`;
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let detail: string;
      try {
        const res = await client.request('POST', `/api/v1/namespaces/${pod.namespace}/pods`, pod.body);
        status = res.status;
        detail = res.body.toString().slice(0, 300);
      } catch (err) {
        status = 0;
        detail = (err as Error).message;
      }
      if (status < 300 || (status === 409 && attempt > 1 && detail.includes('AlreadyExists'))) {
        const at = now();
        watch.created(key, at);
        latency.push(at - due);
        lastAck = Math.max(lastAck, at);
        return;
      }
      const retriable = status === 0 || status === 429 || status >= 500;
      if (!retriable || attempt === MAX_ATTEMPTS) throw new Error(`POST pod ${key}: ${status ? `HTTP ${status}` : 'no response'} after ${attempt} attempt(s): ${detail}`);
      const why = status ? String(status) : 'no response';
      retries[why] = (retries[why] ?? 0) + 1;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  };

  const started = now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < pods.length && !failure; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const pod = pods[i]!;
    watch.expect(`${pod.namespace}/${pod.name}`, due);
    inFlight.push(create(pod, due).catch((err: Error) => void (failure ??= err)));
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  return { perSec: round(pods.length / ((lastAck - started) / 1000), 1), latency: summarize(latency.values()), retries };
}
