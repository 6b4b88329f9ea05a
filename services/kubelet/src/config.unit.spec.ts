import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('kubelet config', () => {
  it('fills the defaults', () => {
    expect(loadConfig({ KUBELEDGER_NODE_NAME: 'node-1' })).toMatchObject({
      nodeName: 'node-1',
      kubeconfigPath: '.kubeledger/kubelet-node-1.kubeconfig',
      runtime: 'fake',
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      nodeAddress: '127.0.0.1',
      leaseDurationSeconds: 40,
      leaseRenewIntervalMs: 10_000,
      bus: { servers: 'nats://127.0.0.1:4222', stream: 'K8S', prefix: 'k8s' },
    });
    expect(loadConfig({ KUBELEDGER_NODE_NAME: 'node-1' }).podCidr).toBeUndefined();
  });

  it('needs a node name, refuses the process runtime for now, and checks the pod CIDR', () => {
    expect(() => loadConfig({})).toThrow(/KUBELEDGER_NODE_NAME/);
    expect(() => loadConfig({ KUBELEDGER_NODE_NAME: 'n', KUBELEDGER_RUNTIME: 'process' })).toThrow(/process runtime is not built yet/);
    expect(() => loadConfig({ KUBELEDGER_NODE_NAME: 'n', KUBELEDGER_POD_CIDR: '10.0.0.0/31' })).toThrow(/KUBELEDGER_POD_CIDR/);
    expect(loadConfig({ KUBELEDGER_NODE_NAME: 'n', KUBELEDGER_POD_CIDR: '127.128.1.0/24' }).podCidr).toBe('127.128.1.0/24');
  });
});
