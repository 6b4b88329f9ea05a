import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('scheduler config', () => {
  it('has upstream defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ kubeconfig: '.kubeledger/scheduler.kubeconfig', schedulerName: 'default-scheduler', maxUnschedulableMs: 300_000, errorBackoffMs: 1000, parallelBindings: 16, apiConnections: 24 });
    expect(config.bus).toMatchObject({ servers: 'nats://127.0.0.1:4222', stream: 'K8S', prefix: 'k8s' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the environment and lists every problem', () => {
    const config = loadConfig({ KUBECONFIG: '/k', NATS_URL: 'nats://n:1', NATS_USER: 'u', NATS_PASSWORD: 'p', KUBELEDGER_STREAM: 'S1', KUBELEDGER_SUBJECT_PREFIX: 'p1', KUBELEDGER_SCHEDULER_NAME: 'mine', KUBELEDGER_SCHEDULER_MAX_UNSCHEDULABLE_SECONDS: '0.5' });
    expect(config).toMatchObject({ kubeconfig: '/k', schedulerName: 'mine', maxUnschedulableMs: 500, bus: { servers: 'nats://n:1', user: 'u', pass: 'p', stream: 'S1', prefix: 'p1' } });
    expect(() => loadConfig({ KUBELEDGER_SCHEDULER_NAME: '', KUBELEDGER_SCHEDULER_MAX_UNSCHEDULABLE_SECONDS: '-1', KUBELEDGER_SCHEDULER_PARALLEL_BINDINGS: '0' })).toThrow(
      /invalid configuration:\n {2}KUBELEDGER_SCHEDULER_MAX_UNSCHEDULABLE_SECONDS: [^\n]+\n {2}KUBELEDGER_SCHEDULER_PARALLEL_BINDINGS/,
    );
    expect(() => loadConfig({ KUBELEDGER_STREAM: 'a b' })).toThrow(/bus stream name must match/); // the bus settings are checked by busConfigFromEnv
  });
});
