import { expandVars } from '../pods/container-env.js';
import type { ContainerSpec, Pod } from '../pods/pod.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { resolveContainerPort } from './container-port.js';
import { execProbe } from './exec-probe.js';
import { grpcProbe } from './grpc-probe.js';
import { httpGetRequest } from './http-get-request.js';
import { httpProbe } from './http-probe.js';
import { errored, type ProbeOutcome } from './probe-outcome.js';
import { probeOf, probeTiming, probeTypeName, type ProbeSpec, type ProbeType } from './probe-spec.js';
import { tcpProbe } from './tcp-probe.js';

/** A probe run again when it errors (upstream's maxProbeRetries). */
const MAX_PROBE_RETRIES = 3;

export interface ProberDeps {
  readonly runtime: Pick<ContainerRuntime, 'exec'>;
  /** Records a core/v1 Event about the pod (fire and forget). */
  event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** The container a probe is for. */
export interface ProbeTarget {
  readonly pod: Pod;
  readonly container: ContainerSpec;
  readonly podIP: string;
}

/**
 * Runs a container's probe once (upstream's prober.probe) and records what upstream records: a
 * Warning `Unhealthy` Event for a failure (`Readiness probe failed: HTTP probe failed with
 * statuscode: 500`) or for a probe that could not run (`… probe errored and resulted in unknown
 * state: …`, after 3 tries), a Warning `ProbeWarning` for a success with a warning. Resolves
 * `success` or `failure`; undefined when the probe errored (its result is thrown away).
 */
export class Prober {
  readonly #deps: ProberDeps;

  constructor(deps: ProberDeps) {
    this.#deps = deps;
  }

  async probe(type: ProbeType, target: ProbeTarget, signal?: AbortSignal): Promise<'success' | 'failure' | undefined> {
    const spec = probeOf(target.container, type);
    if (!spec) return 'success';
    let outcome: ProbeOutcome = errored(new Error('not run'));
    for (let attempt = 0; attempt < MAX_PROBE_RETRIES && !signal?.aborted; attempt++) {
      outcome = await runProbe(this.#deps.runtime, spec, target, signal);
      if (!outcome.error) break;
    }
    if (signal?.aborted) return undefined;
    const name = probeTypeName(type);
    if (outcome.error) {
      this.#deps.event(target.pod, 'Warning', 'Unhealthy', `${name} probe errored and resulted in ${outcome.result} state: ${outcome.error.message}`);
      return undefined;
    }
    switch (outcome.result) {
      case 'success':
        return 'success';
      case 'warning':
        this.#deps.event(target.pod, 'Warning', 'ProbeWarning', `${name} probe warning: ${outcome.output}`);
        return 'success';
      case 'failure':
        this.#deps.event(target.pod, 'Warning', 'Unhealthy', `${name} probe failed: ${outcome.output}`);
        return 'failure';
      case 'unknown':
        return 'failure';
      default: {
        const never: never = outcome.result;
        throw new Error(`unknown probe result ${String(never)}`);
      }
    }
  }
}

/** One attempt of the probe's handler (upstream's runProbe). */
function runProbe(runtime: Pick<ContainerRuntime, 'exec'>, spec: ProbeSpec, { pod, container, podIP }: ProbeTarget, signal?: AbortSignal): Promise<ProbeOutcome> {
  const { timeoutMs } = probeTiming(spec);
  try {
    if (spec.exec) {
      // Only the container's own values are expanded, not valueFrom (upstream's ExpandContainerCommandOnlyStatic).
      const vars = new Map((container.env ?? []).flatMap((e) => (e.valueFrom ? [] : [[e.name, e.value ?? ''] as const])));
      const command = (spec.exec.command ?? []).map((c) => expandVars(c, vars));
      return execProbe((cmd, timeout) => runtime.exec(pod.metadata?.uid ?? '', container.name, cmd, timeout, signal), command, timeoutMs);
    }
    if (spec.httpGet) return httpProbe(httpGetRequest(spec.httpGet, container, podIP), timeoutMs, signal);
    if (spec.tcpSocket) return tcpProbe(spec.tcpSocket.host || podIP, resolveContainerPort(spec.tcpSocket.port, container), timeoutMs, signal);
    if (spec.grpc) return grpcProbe(podIP, resolveContainerPort(spec.grpc.port, container), spec.grpc.service ?? '', timeoutMs, signal);
  } catch (err) {
    return Promise.resolve(errored(err as Error));
  }
  const name = `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${pod.metadata?.uid ?? ''})`;
  return Promise.resolve(errored(new Error(`missing probe handler for ${name}:${container.name}`)));
}
