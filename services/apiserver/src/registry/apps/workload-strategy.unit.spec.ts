import { describe, expect, it } from 'vitest';
import { strategyHarness } from '../testing/strategy-harness.js';
import { workloadStrategy } from './workload-strategy.js';

const deployments = strategyHarness('apps', 'deployments', workloadStrategy);
const statefulsets = strategyHarness('apps', 'statefulsets', workloadStrategy);
const daemonsets = strategyHarness('apps', 'daemonsets', workloadStrategy);
const replicasets = strategyHarness('apps', 'replicasets', workloadStrategy);

const template = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({ metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }], ...extra } });
const workload = (kind: string, spec: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind, metadata: { name: 'web' }, spec });

describe('workload strategies', () => {
  it('default a Deployment as upstream (replicas, rolling update 25%/25%, history, deadline, template)', () => {
    const created = deployments.create(workload('Deployment', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }));
    expect(created['spec']).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, containers: [{ imagePullPolicy: 'Always' }] } },
    });
    expect(statefulsets.create(workload('StatefulSet', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }))['spec']).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(daemonsets.create(workload('DaemonSet', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }))['spec']).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
  });

  it('refuse what upstream refuses, with its paths and messages', () => {
    expect(deployments.createError(workload('Deployment', { template: template({ app: 'web' }) }))).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`]',
    );
    expect(deployments.createError(workload('Deployment', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'other' }) }))).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
    );
    expect(replicasets.createError(workload('ReplicaSet', { replicas: -1, selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }))).toBe(
      'ReplicaSet.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(deployments.createError(workload('Deployment', { selector: {}, template: template({ app: 'web' }) }))).toBe('Deployment.apps "web" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment');
    expect(daemonsets.createError(workload('DaemonSet', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }, { restartPolicy: 'Never' }) }))).toBe(
      'DaemonSet.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    );
    expect(deployments.createError(workload('Deployment', { selector: { matchExpressions: [{ key: 'app', operator: 'In' }] }, template: template({ app: 'web' }) }))).toBe(
      "Deployment.apps \"web\" is invalid: [spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn', spec.selector: Invalid value: {\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"In\"}]}: invalid label selector]",
    );
    expect(deployments.createError(workload('Deployment', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }), strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }))).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    );
    expect(deployments.createError(workload('Deployment', { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web' }] } } }))).toBe(
      'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value',
    );
  });

  it('keep selectors immutable, and let a StatefulSet change only what upstream lets it', () => {
    const created = deployments.create(workload('Deployment', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }));
    const spec = created['spec'] as Record<string, unknown>;
    expect(deployments.updateError({ ...created, spec: { ...spec, selector: { matchLabels: { app: 'web', tier: 'x' } }, template: template({ app: 'web', tier: 'x' }) } }, created)).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable',
    );
    const annotated = deployments.update({ ...created, metadata: { ...created.metadata, annotations: { note: 'x' } } }, created);
    expect(annotated.metadata!['generation']).toBe(2);
    const sts = statefulsets.create(workload('StatefulSet', { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }));
    const stsSpec = sts['spec'] as Record<string, unknown>;
    expect(statefulsets.updateError({ ...sts, spec: { ...stsSpec, replicas: 3 } }, sts)).toBe('');
    expect(statefulsets.updateError({ ...sts, spec: { ...stsSpec, serviceName: 'other' } }, sts)).toBe(
      "StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });

  it('refuse a DaemonSet update strategy upstream refuses', () => {
    const ds = (updateStrategy: unknown) => workload('DaemonSet', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }), updateStrategy });
    expect(daemonsets.createError(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } }))).toBe(
      'DaemonSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
    );
    expect(daemonsets.createError(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '0%', maxSurge: 0 } }))).toBe(
      'DaemonSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    );
    expect(daemonsets.createError(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%', maxSurge: 0 } }))).toBe(
      'DaemonSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    );
    expect(daemonsets.createError(ds({ type: 'Sometimes' }))).toBe('DaemonSet.apps "web" is invalid: spec.updateStrategy: Unsupported value: "Sometimes": supported values: "RollingUpdate", "OnDelete"');
    expect(daemonsets.createError(ds({ type: 'OnDelete' }))).toBe('');
    expect(daemonsets.createError(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } }))).toBe('');
  });

  it('keep a DaemonSet\'s template generation in its annotation: 1 on create, one more per template change, not settable', () => {
    const generationOf = (o: { metadata?: Record<string, unknown> }) => (o.metadata?.['annotations'] as Record<string, string>)['deprecated.daemonset.template.generation'];
    const created = daemonsets.create(workload('DaemonSet', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }));
    expect(generationOf(created)).toBe('1');
    const spec = created['spec'] as Record<string, unknown>;
    const rolled = daemonsets.update({ ...created, spec: { ...spec, template: template({ app: 'web' }, { hostNetwork: true }) } }, created);
    expect([generationOf(rolled), rolled.metadata!['generation']]).toEqual(['2', 2]);
    const tampered = daemonsets.update({ ...rolled, metadata: { ...rolled.metadata, annotations: { 'deprecated.daemonset.template.generation': '9' } }, spec: { ...(rolled['spec'] as object), minReadySeconds: 5 } }, rolled);
    expect([generationOf(tampered), tampered.metadata!['generation']]).toEqual(['2', 3]);
  });
});
