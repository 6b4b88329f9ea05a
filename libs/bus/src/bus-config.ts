/** Where the bus lives and how its one stream is shaped (DESIGN §3). */
export interface BusConfig {
  /** NATS server URL(s), comma-separated. */
  readonly servers: string;
  /** First subject token of every event subject (default `k8s`). */
  readonly prefix: string;
  /** JetStream stream name (default `K8S`). */
  readonly stream: string;
  /** Stream retention in ms (`max_age`; default 24 h). */
  readonly maxAge?: number;
  /** Message-id deduplication window in ms (default 30 s; Expected-Last-Sequence covers the rest). */
  readonly duplicateWindowMs?: number;
  /** Stream replicas (default 1; 3 in a clustered production deployment). */
  readonly replicas?: number;
}

export const BusDefaults = {
  servers: 'nats://127.0.0.1:4222',
  prefix: 'k8s',
  stream: 'K8S',
  maxAge: 24 * 60 * 60 * 1000,
  duplicateWindowMs: 30_000,
  replicas: 1,
} as const;

export type BusConfigInput = Partial<BusConfig>;

/** A frozen config with every default filled in. */
export function busConfig(input: BusConfigInput = {}): Required<BusConfig> {
  const config = { ...BusDefaults, ...withoutUndefined(input) };
  if (!/^[A-Za-z0-9-]+$/.test(config.prefix)) throw new Error(`bus prefix must be one subject token of [A-Za-z0-9-]: ${JSON.stringify(config.prefix)}`);
  if (!/^[A-Za-z0-9_-]+$/.test(config.stream)) throw new Error(`bus stream name must match [A-Za-z0-9_-]+: ${JSON.stringify(config.stream)}`);
  if (config.duplicateWindowMs > config.maxAge) throw new Error('bus duplicateWindowMs must not exceed maxAge');
  return Object.freeze(config);
}

function withoutUndefined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
