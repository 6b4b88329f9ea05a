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
      apiConnections: 2,
      bus: { servers: 'nats://127.0.0.1:4222', stream: 'K8S', prefix: 'k8s' },
    });
    expect(loadConfig({ KUBELEDGER_NODE_NAME: 'node-1' }).podCidr).toBeUndefined();
  });

  it('accepts the process runtime with its state directory and backoff', () => {
    expect(loadConfig({ KUBELEDGER_NODE_NAME: 'node-1', KUBELEDGER_RUNTIME: 'process' })).toMatchObject({
      runtime: 'process',
      stateDir: '.kubeledger/kubelet-node-1',
      restartBackoff: { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 },
    });
    expect(loadConfig({ KUBELEDGER_NODE_NAME: 'n', KUBELEDGER_RUNTIME: 'process', KUBELEDGER_STATE_DIR: '/tmp/x', KUBELEDGER_RESTART_BACKOFF: '0.2', KUBELEDGER_RESTART_BACKOFF_MAX: '1' })).toMatchObject({
      stateDir: '/tmp/x',
      restartBackoff: { initialMs: 200, maxMs: 1000 },
    });
  });

  it('needs a node name, a known runtime, and checks the pod CIDR', () => {
    expect(() => loadConfig({})).toThrow(/KUBELEDGER_NODE_NAME/);
    expect(() => loadConfig({ KUBELEDGER_NODE_NAME: 'n', KUBELEDGER_RUNTIME: 'docker' })).toThrow(/unknown runtime "docker"/);
    expect(() => loadConfig({ KUBELEDGER_NODE_NAME: 'n', KUBELEDGER_POD_CIDR: '10.0.0.0/31' })).toThrow(/KUBELEDGER_POD_CIDR/);
    expect(loadConfig({ KUBELEDGER_NODE_NAME: 'n', KUBELEDGER_POD_CIDR: '127.128.1.0/24' }).podCidr).toBe('127.128.1.0/24');
  });

  it("sets up the kubelet's HTTPS server: port 10250 by default (0: a free one), its certificate and key both or neither", () => {
    expect(loadConfig({ KUBELEDGER_NODE_NAME: 'n' }).server).toEqual({ port: 10250 });
    expect(loadConfig({ KUBELEDGER_NODE_NAME: 'n', KUBELEDGER_KUBELET_PORT: '0' }).server.port).toBe(0);
    expect(loadConfig({ KUBELEDGER_NODE_NAME: 'n', KUBELEDGER_KUBELET_TLS_CERT_FILE: '/c.crt', KUBELEDGER_KUBELET_TLS_KEY_FILE: '/c.key' }).server).toEqual({ port: 10250, certFile: '/c.crt', keyFile: '/c.key' });
    expect(() => loadConfig({ KUBELEDGER_NODE_NAME: 'n', KUBELEDGER_KUBELET_TLS_CERT_FILE: '/c.crt' })).toThrow(/set both or neither/);
    expect(() => loadConfig({ KUBELEDGER_NODE_NAME: 'n', KUBELEDGER_KUBELET_PORT: '70000' })).toThrow(/KUBELEDGER_KUBELET_PORT/);
  });
});
