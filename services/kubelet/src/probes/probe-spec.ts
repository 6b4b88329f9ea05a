/** core/v1 HTTPGetAction. */
export interface HttpGetAction {
  readonly path?: string | null;
  readonly port: number | string;
  readonly host?: string | null;
  readonly scheme?: string | null;
  readonly httpHeaders?: readonly { readonly name: string; readonly value: string }[] | null;
}

/** core/v1 Probe: one handler and its timing. */
export interface ProbeSpec {
  readonly exec?: { readonly command?: readonly string[] | null } | null;
  readonly httpGet?: HttpGetAction | null;
  readonly tcpSocket?: { readonly port: number | string; readonly host?: string | null } | null;
  readonly grpc?: { readonly port: number; readonly service?: string | null } | null;
  readonly initialDelaySeconds?: number | null;
  readonly timeoutSeconds?: number | null;
  readonly periodSeconds?: number | null;
  readonly successThreshold?: number | null;
  readonly failureThreshold?: number | null;
  readonly terminationGracePeriodSeconds?: number | null;
}

/** The container fields probes read: its ports (named ports), env (static `$(VAR)` in exec commands), probes. */
export interface ProbedContainer {
  readonly name: string;
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly env?: readonly { readonly name: string; readonly value?: string }[];
  readonly livenessProbe?: ProbeSpec | null;
  readonly readinessProbe?: ProbeSpec | null;
  readonly startupProbe?: ProbeSpec | null;
}

export const PROBE_TYPES = ['startup', 'readiness', 'liveness'] as const;
export type ProbeType = (typeof PROBE_TYPES)[number];

/** `Liveness`, `Readiness`, `Startup`: how upstream names a probe type in Events. */
export function probeTypeName(type: ProbeType): string {
  switch (type) {
    case 'liveness':
      return 'Liveness';
    case 'readiness':
      return 'Readiness';
    case 'startup':
      return 'Startup';
    default: {
      const never: never = type;
      throw new Error(`unknown probe type ${String(never)}`);
    }
  }
}

export function probeOf(container: ProbedContainer, type: ProbeType): ProbeSpec | undefined {
  switch (type) {
    case 'liveness':
      return container.livenessProbe ?? undefined;
    case 'readiness':
      return container.readinessProbe ?? undefined;
    case 'startup':
      return container.startupProbe ?? undefined;
    default: {
      const never: never = type;
      throw new Error(`unknown probe type ${String(never)}`);
    }
  }
}

/** A probe's timing in milliseconds and its thresholds. */
export interface ProbeTiming {
  readonly initialDelaySeconds: number;
  readonly timeoutMs: number;
  readonly periodMs: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/**
 * The probe's timing with upstream's defaults (the apiserver defaults them; a value it would
 * reject — below 1, 0 for the delay — falls back to the default too): no initial delay, a 1 s
 * timeout, every 10 s, 1 success, 3 failures.
 */
export function probeTiming(spec: ProbeSpec): ProbeTiming {
  const atLeast = (value: number | null | undefined, min: number, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback);
  return {
    initialDelaySeconds: atLeast(spec.initialDelaySeconds, 0, 0),
    timeoutMs: atLeast(spec.timeoutSeconds, 1, 1) * 1000,
    periodMs: atLeast(spec.periodSeconds, 1, 10) * 1000,
    successThreshold: atLeast(spec.successThreshold, 1, 1),
    failureThreshold: atLeast(spec.failureThreshold, 1, 3),
  };
}
