import os from 'node:os';
import { z } from 'zod';

/** The apiserver's settings, from the environment (DESIGN §8). */
const Env = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/kubeledger'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  KUBELEDGER_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only').default('K8S'),
  KUBELEDGER_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'one subject token: letters, digits, - and _').default('k8s'),
  KUBELEDGER_HOST: z.string().default('127.0.0.1'),
  KUBELEDGER_PORT: z.coerce.number().int().min(0).max(65535).default(6443),
  KUBELEDGER_INSTANCE: z.string().default(`${os.hostname()}-${process.pid}`),
  KUBELEDGER_PARTITION_SIZE: z.coerce.number().int().positive().default(1_000_000),
  /** Seconds between compactions, as kube-apiserver's --etcd-compaction-interval (0 disables). */
  KUBELEDGER_COMPACTION_INTERVAL: z.coerce.number().int().min(0).default(300),
});

export interface Config {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly stream: string;
  readonly subjectPrefix: string;
  readonly host: string;
  readonly port: number;
  readonly instance: string;
  readonly partitionSize: number;
  readonly compactionIntervalMs: number;
}

/** Parses and freezes the configuration; throws with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    stream: e.KUBELEDGER_STREAM,
    subjectPrefix: e.KUBELEDGER_SUBJECT_PREFIX,
    host: e.KUBELEDGER_HOST,
    port: e.KUBELEDGER_PORT,
    instance: e.KUBELEDGER_INSTANCE,
    partitionSize: e.KUBELEDGER_PARTITION_SIZE,
    compactionIntervalMs: e.KUBELEDGER_COMPACTION_INTERVAL * 1000,
  });
}
