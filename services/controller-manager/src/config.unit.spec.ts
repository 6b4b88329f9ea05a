import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('controller-manager config', () => {
  it('has the defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ kubeconfig: '.kubeledger/controller-manager.kubeconfig', clusterCidr: '127.128.0.0/10', nodeCidrMaskSize: 24, endpointSliceWorkers: 5, namespaceWorkers: 10, retryMs: 5, apiConnections: 64 });
    expect(loadConfig({ KUBELEDGER_NAMESPACE_WORKERS: '3' }).namespaceWorkers).toBe(3);
    expect(config.bus).toMatchObject({ servers: 'nats://127.0.0.1:4222', stream: 'K8S', prefix: 'k8s' });
    expect(config.leaderElection).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('runs the DaemonSet controller with upstream\'s 2 workers unless KUBELEDGER_DAEMONSET_WORKERS says otherwise', () => {
    expect(loadConfig({}).daemonSetWorkers).toBe(2);
    expect(loadConfig({ KUBELEDGER_DAEMONSET_WORKERS: '4' }).daemonSetWorkers).toBe(4);
    expect(() => loadConfig({ KUBELEDGER_DAEMONSET_WORKERS: '0' })).toThrow(/KUBELEDGER_DAEMONSET_WORKERS/);
  });

  it('runs the Job controller with upstream\'s 5 workers and 10 s pod failure backoff unless KUBELEDGER_JOB_* say otherwise', () => {
    expect(loadConfig({})).toMatchObject({ jobWorkers: 5, jobPodFailureBackoffMs: 10_000 });
    expect(loadConfig({ KUBELEDGER_JOB_WORKERS: '2', KUBELEDGER_JOB_POD_FAILURE_BACKOFF_SECONDS: '0.5' })).toMatchObject({ jobWorkers: 2, jobPodFailureBackoffMs: 500 });
    expect(() => loadConfig({ KUBELEDGER_JOB_WORKERS: '0' })).toThrow(/KUBELEDGER_JOB_WORKERS/);
  });

  it('monitors nodes every 5 s with a 50 s grace period (60 s at startup) and taints 0.1 node/s unless KUBELEDGER_NODE_* say otherwise', () => {
    expect(loadConfig({})).toMatchObject({ nodeMonitorPeriodMs: 5000, nodeMonitorGracePeriodMs: 50_000, nodeStartupGracePeriodMs: 60_000, nodeEvictionRate: 0.1 });
    expect(loadConfig({ KUBELEDGER_NODE_MONITOR_PERIOD: '1', KUBELEDGER_NODE_MONITOR_GRACE_PERIOD: '8', KUBELEDGER_NODE_EVICTION_RATE: '0' })).toMatchObject({ nodeMonitorPeriodMs: 1000, nodeMonitorGracePeriodMs: 8000, nodeEvictionRate: 0 });
    expect(() => loadConfig({ KUBELEDGER_NODE_MONITOR_GRACE_PERIOD: '0' })).toThrow(/KUBELEDGER_NODE_MONITOR_GRACE_PERIOD/);
  });

  it('slows evictions in unhealthy zones as upstream (0.01 node/s past 50 nodes, 55 % not Ready) unless the KUBELEDGER_* eviction settings say otherwise', () => {
    expect(loadConfig({})).toMatchObject({ secondaryNodeEvictionRate: 0.01, largeClusterSizeThreshold: 50, unhealthyZoneThreshold: 0.55 });
    const set = { KUBELEDGER_SECONDARY_NODE_EVICTION_RATE: '0', KUBELEDGER_LARGE_CLUSTER_SIZE_THRESHOLD: '10', KUBELEDGER_UNHEALTHY_ZONE_THRESHOLD: '0.3' };
    expect(loadConfig(set)).toMatchObject({ secondaryNodeEvictionRate: 0, largeClusterSizeThreshold: 10, unhealthyZoneThreshold: 0.3 });
    expect(() => loadConfig({ KUBELEDGER_UNHEALTHY_ZONE_THRESHOLD: '1.5' })).toThrow(/KUBELEDGER_UNHEALTHY_ZONE_THRESHOLD/);
    expect(() => loadConfig({ KUBELEDGER_LARGE_CLUSTER_SIZE_THRESHOLD: '2.5' })).toThrow(/KUBELEDGER_LARGE_CLUSTER_SIZE_THRESHOLD/);
  });

  it('reads the environment, leader election included, and lists every problem', () => {
    const config = loadConfig({ KUBECONFIG: '/k', NATS_URL: 'nats://n:1', KUBELEDGER_CLUSTER_CIDR: '10.0.0.0/16', KUBELEDGER_NODE_CIDR_MASK_SIZE: '26', KUBELEDGER_CONTROLLER_MANAGER_LEADER_ELECT: 'true', KUBELEDGER_CONTROLLER_MANAGER_IDENTITY: 'me' });
    expect(config).toMatchObject({ kubeconfig: '/k', clusterCidr: '10.0.0.0/16', nodeCidrMaskSize: 26, leaderElection: { identity: 'me', leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000 } });
    expect(() => loadConfig({ KUBELEDGER_CLUSTER_CIDR: 'fd00::/8', KUBELEDGER_NODE_CIDR_MASK_SIZE: '40' })).toThrow(/KUBELEDGER_CLUSTER_CIDR[\s\S]*KUBELEDGER_NODE_CIDR_MASK_SIZE/);
    expect(() => loadConfig({ KUBELEDGER_CLUSTER_CIDR: '10.0.0.0/16', KUBELEDGER_NODE_CIDR_MASK_SIZE: '8' })).toThrow(/shorter than/);
  });

  it('reads the root CA bundle of KUBELEDGER_ROOT_CA_FILE, refusing a file without a certificate', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cm-config-'));
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(path.join(dir, 'ca.crt'), pem);
    writeFileSync(path.join(dir, 'empty'), '');
    expect(loadConfig({}).rootCa).toBeUndefined();
    expect(loadConfig({ KUBELEDGER_ROOT_CA_FILE: path.join(dir, 'ca.crt') }).rootCa).toBe(pem);
    expect(() => loadConfig({ KUBELEDGER_ROOT_CA_FILE: path.join(dir, 'empty') })).toThrow(/KUBELEDGER_ROOT_CA_FILE: .* holds no PEM certificate/);
    expect(() => loadConfig({ KUBELEDGER_ROOT_CA_FILE: path.join(dir, 'missing') })).toThrow(/KUBELEDGER_ROOT_CA_FILE: ENOENT/);
  });
});
