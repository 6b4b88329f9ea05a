import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { cronJobPrinter, jobPrinter } from './job-printers.js';
import { daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './workload-printers.js';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const metadata = { name: 'web', namespace: 'default', creationTimestamp: '2025-03-10T10:00:00Z' };
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'sidecar', image: 'envoy:1.30' }] } };

describe('workload printers', () => {
  it('deployments: READY ready/desired, UP-TO-DATE, AVAILABLE, and the wide containers, images and selector', () => {
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, template },
      status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    expect(deploymentPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Ready:0', 'Up-to-date:0', 'Available:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1']);
    expect(deploymentPrinter.row(deployment, NOW).cells).toEqual(['web', '2/3', 3, 2, '120m', 'nginx,sidecar', 'nginx:1.27,envoy:1.30', 'app=web,tier in (edge,front)']);
    expect(deploymentPrinter.row({ ...deployment, status: {} }, NOW).cells.slice(1, 4)).toEqual(['0/3', 0, 0]);
  });

  it('replicasets: DESIRED CURRENT READY as integers, the selector formatted', () => {
    const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata, spec: { replicas: 2, selector: { matchExpressions: [{ key: 'gone', operator: 'DoesNotExist' }, { key: 'app', operator: 'Exists' }] }, template }, status: { replicas: 2, readyReplicas: 1 } };
    expect(replicaSetPrinter.row(rs, NOW).cells).toEqual(['web', 2, 2, 1, '120m', 'nginx,sidecar', 'nginx:1.27,envoy:1.30', 'app,!gone']);
    expect(replicaSetPrinter.row({ ...rs, spec: { ...(rs['spec'] as object), selector: {} } }, NOW).cells[7]).toBe('<none>');
  });

  it('daemonsets and statefulsets', () => {
    const ds: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata,
      spec: { selector: { matchLabels: { app: 'web' } }, template: { ...template, spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
    };
    expect(daemonSetPrinter.row(ds, NOW).cells).toEqual(['web', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '120m', 'nginx,sidecar', 'nginx:1.27,envoy:1.30', 'app=web']);
    const sts: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata, spec: { replicas: 3, selector: {}, template, serviceName: 'web' }, status: { replicas: 3, readyReplicas: 3 } };
    expect(statefulSetPrinter.row(sts, NOW).cells).toEqual(['web', '3/3', '120m', 'nginx,sidecar', 'nginx:1.27,envoy:1.30']);
  });

  it('jobs: status by condition, completions, duration', () => {
    const job = (spec: object, status: object): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata, spec: { template, ...spec }, status });
    expect(jobPrinter.row(job({ completions: 3 }, { succeeded: 1, startTime: '2025-03-10T11:58:00Z' }), NOW).cells.slice(0, 5)).toEqual(['web', 'Running', '1/3', '2m', '120m']);
    expect(
      jobPrinter.row(job({ completions: 1 }, { succeeded: 1, startTime: '2025-03-10T11:00:00Z', completionTime: '2025-03-10T11:00:45Z', conditions: [{ type: 'Complete', status: 'True' }] }), NOW).cells.slice(1, 4),
    ).toEqual(['Complete', '1/1', '45s']);
    expect(jobPrinter.row(job({ parallelism: 4 }, {}), NOW).cells.slice(1, 4)).toEqual(['Running', '0/1 of 4', '']);
    expect(jobPrinter.row(job({}, { conditions: [{ type: 'Failed', status: 'True' }] }), NOW).cells[1]).toBe('Failed');
    expect(jobPrinter.row(job({}, { conditions: [{ type: 'Suspended', status: 'True' }] }), NOW).cells[1]).toBe('Suspended');
  });

  it('cronjobs: schedule, timezone, suspend, active and last schedule', () => {
    const cj: KubeObject = { apiVersion: 'batch/v1', kind: 'CronJob', metadata, spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } }, status: { active: [{ name: 'web-1' }], lastScheduleTime: '2025-03-10T11:55:00Z' } };
    expect(cronJobPrinter.row(cj, NOW).cells).toEqual(['web', '*/5 * * * *', '<none>', 'False', 1, '5m', '120m', 'nginx,sidecar', 'nginx:1.27,envoy:1.30', '<none>']);
    expect(cronJobPrinter.row({ ...cj, spec: { schedule: '@daily', timeZone: 'Europe/Paris', jobTemplate: { spec: { template } } }, status: {} }, NOW).cells.slice(1, 6)).toEqual([
      '@daily',
      'Europe/Paris',
      '<unset>',
      0,
      '<none>',
    ]);
  });
});
