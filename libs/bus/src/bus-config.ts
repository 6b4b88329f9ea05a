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
  /**
   * The component's NATS user (see nats-permissions.ts); none on a server without authorization.
   * With a user, `connectBus` also sets the inbox prefix that user may subscribe under.
   */
  readonly user?: string;
  /** The user's password. */
  readonly pass?: string;
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

/** A complete bus config: every setting but the credentials has a value. */
export type ResolvedBusConfig = Required<Omit<BusConfig, 'user' | 'pass'>> & Pick<BusConfig, 'user' | 'pass'>;

/** A frozen config with every default filled in. */
export function busConfig(input: BusConfigInput = {}): ResolvedBusConfig {
  const config: ResolvedBusConfig = { ...BusDefaults, ...withoutUndefined(input) };
  if (!/^[A-Za-z0-9-]+$/.test(config.prefix)) throw new Error(`bus prefix must be one subject token of [A-Za-z0-9-]: ${JSON.stringify(config.prefix)}`);
  if (!/^[A-Za-z0-9_-]+$/.test(config.stream)) throw new Error(`bus stream name must match [A-Za-z0-9_-]+: ${JSON.stringify(config.stream)}`);
  if (config.duplicateWindowMs > config.maxAge) throw new Error('bus duplicateWindowMs must not exceed maxAge');
  if ((config.user === undefined) !== (config.pass === undefined)) throw new Error('bus user and pass go together: give both or neither');
  return Object.freeze(config);
}

/**
 * The environment variables a service reads its bus settings from. Services read their environment
 * in their own `config.ts` (zod) and pass the values on to {@link busConfig}; {@link busConfigFromEnv}
 * is that mapping for services and scripts that keep no config schema of their own.
 */
export const BusEnv = {
  servers: 'NATS_URL',
  user: 'NATS_USER',
  pass: 'NATS_PASSWORD',
  prefix: 'KUBELEDGER_SUBJECT_PREFIX',
  stream: 'KUBELEDGER_STREAM',
} as const;

/** {@link busConfig} from `NATS_URL`, `NATS_USER`, `NATS_PASSWORD`, `KUBELEDGER_SUBJECT_PREFIX`, `KUBELEDGER_STREAM`; `overrides` win. */
export function busConfigFromEnv(env: Readonly<Record<string, string | undefined>>, overrides: BusConfigInput = {}): ResolvedBusConfig {
  const read = (name: string) => (env[name] === '' ? undefined : env[name]);
  return busConfig({
    servers: read(BusEnv.servers),
    user: read(BusEnv.user),
    pass: read(BusEnv.pass),
    prefix: read(BusEnv.prefix),
    stream: read(BusEnv.stream),
    ...withoutUndefined(overrides),
  });
}

function withoutUndefined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
