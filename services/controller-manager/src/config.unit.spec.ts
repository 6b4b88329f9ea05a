import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('controller-manager config', () => {
  it('has the defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ kubeconfig: '.kubeledger/controller-manager.kubeconfig', clusterCidr: '127.128.0.0/10', nodeCidrMaskSize: 24, endpointSliceWorkers: 5, retryMs: 1000 });
    expect(config.bus).toMatchObject({ servers: 'nats://127.0.0.1:4222', stream: 'K8S', prefix: 'k8s' });
    expect(config.leaderElection).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the environment, leader election included, and lists every problem', () => {
    const config = loadConfig({ KUBECONFIG: '/k', NATS_URL: 'nats://n:1', KUBELEDGER_CLUSTER_CIDR: '10.0.0.0/16', KUBELEDGER_NODE_CIDR_MASK_SIZE: '26', KUBELEDGER_CONTROLLER_MANAGER_LEADER_ELECT: 'true', KUBELEDGER_CONTROLLER_MANAGER_IDENTITY: 'me' });
    expect(config).toMatchObject({ kubeconfig: '/k', clusterCidr: '10.0.0.0/16', nodeCidrMaskSize: 26, leaderElection: { identity: 'me', leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000 } });
    expect(() => loadConfig({ KUBELEDGER_CLUSTER_CIDR: 'fd00::/8', KUBELEDGER_NODE_CIDR_MASK_SIZE: '40' })).toThrow(/KUBELEDGER_CLUSTER_CIDR[\s\S]*KUBELEDGER_NODE_CIDR_MASK_SIZE/);
    expect(() => loadConfig({ KUBELEDGER_CLUSTER_CIDR: '10.0.0.0/16', KUBELEDGER_NODE_CIDR_MASK_SIZE: '8' })).toThrow(/shorter than/);
  });
});
