import { describe, expect, it } from 'vitest';
import { strategyHarness } from '../../testing/strategy-harness.js';
import { podStrategy } from './pod-strategy.js';

const pods = strategyHarness('', 'pods', podStrategy);
const pod = (spec: Record<string, unknown>, name = 'p') => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });

describe('pod strategy', () => {
  it('sets the defaults clients read back, and a Pending status with the QoS class', () => {
    const created = pods.create(pod({ containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] }));
    expect(created['spec']).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      enableServiceLinks: true,
      containers: [
        { imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} },
        { imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, protocol: 'TCP' }] },
      ],
    });
    expect(created['status']).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    const guaranteed = pods.create(pod({ containers: [{ name: 'a', image: 'nginx@sha256:abc', resources: { limits: { cpu: '1', memory: '1Gi' } } }] }));
    expect(guaranteed['status']).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
    expect((guaranteed['spec'] as { containers: Array<{ imagePullPolicy: string; resources: unknown }> }).containers[0]).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '1', memory: '1Gi' } },
    });
    expect(pods.create(pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '1' } } }] }))['status']).toMatchObject({ qosClass: 'Burstable' });
  });

  it('defaults probes and httpGet actions as upstream (timeouts, thresholds, path /, scheme HTTP)', () => {
    const created = pods.create(
      pod({
        containers: [
          {
            name: 'a',
            image: 'x',
            readinessProbe: { httpGet: { port: 8080 } },
            livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 3 },
            lifecycle: { preStop: { httpGet: { port: 'http', path: '/stop' } } },
          },
        ],
      }),
    );
    expect((created['spec'] as { containers: unknown[] }).containers[0]).toMatchObject({
      readinessProbe: { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 3, timeoutSeconds: 1 },
      lifecycle: { preStop: { httpGet: { port: 'http', path: '/stop', scheme: 'HTTP' } } },
    });
  });

  it('refuses invalid pod specs with upstream paths and messages', () => {
    expect(pods.createError(pod({ containers: [] }))).toBe('Pod "p" is invalid: spec.containers: Required value');
    expect(pods.createError(pod({ containers: [{ name: 'a' }] }))).toBe('Pod "p" is invalid: spec.containers[0].image: Required value');
    expect(pods.createError(pod({ containers: [{ name: 'Bad_Name', image: 'x' }] }))).toMatch(/^Pod "p" is invalid: spec.containers\[0\].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of/);
    expect(pods.createError(pod({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] }))).toBe('Pod "p" is invalid: spec.containers[1].name: Duplicate value: "a"');
    expect(pods.createError(pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] }))).toBe(
      'Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
    expect(pods.createError(pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, protocol: 'HTTP' }] }] }))).toBe(
      'Pod "p" is invalid: spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    );
    expect(pods.createError(pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, name: 'web' }, { containerPort: 81, name: 'web' }] }] }))).toBe(
      'Pod "p" is invalid: spec.containers[0].ports[1].name: Duplicate value: "web"',
    );
    expect(pods.createError(pod({ restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'x' }] }))).toBe(
      'Pod "p" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
    expect(pods.createError(pod({ containers: [{ name: 'a', image: 'x' }], initContainers: [{ name: 'a', image: 'y' }] }))).toBe('Pod "p" is invalid: spec.initContainers[0].name: Duplicate value: "a"');
  });

  it('lets updates change images but not the rest of the spec, nor spec.nodeName once set', () => {
    const created = pods.create(pod({ nodeName: 'node-1', containers: [{ name: 'a', image: 'nginx:1' }] }));
    const spec = created['spec'] as { containers: Array<Record<string, unknown>> };
    const image = pods.update({ ...created, spec: { ...spec, containers: [{ ...spec.containers[0], image: 'nginx:2' }] } }, created);
    expect((image['spec'] as typeof spec).containers[0]!['image']).toBe('nginx:2');
    expect(image.metadata!['generation']).toBe(2);
    // A PUT that leaves defaulted fields out gets them again, and so changes nothing.
    expect(pods.updateError({ ...created, spec: { nodeName: 'node-1', containers: [{ name: 'a', image: 'nginx:1' }] } }, created)).toBe('');
    expect(pods.updateError({ ...created, spec: { ...spec, nodeName: 'node-2' } }, created)).toMatch(
      /^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n  changed: spec.nodeName$/,
    );
    expect(pods.updateError({ ...created, spec: { ...spec, containers: [...spec.containers, { name: 'b', image: 'x' }] } }, created)).toBe(
      'Pod "p" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers',
    );
  });

  it('gives a pod on a node its grace period, and none to one no node runs or that has finished', () => {
    const grace = pods.strategy.gracePeriod!;
    expect(grace({ spec: { nodeName: 'n', terminationGracePeriodSeconds: 30 } }, undefined)).toBe(30);
    expect(grace({ spec: { nodeName: 'n', terminationGracePeriodSeconds: 30 } }, 5)).toBe(5);
    expect(grace({ spec: { terminationGracePeriodSeconds: 30 } }, 5)).toBe(0);
    expect(grace({ spec: { nodeName: 'n', terminationGracePeriodSeconds: 30 }, status: { phase: 'Succeeded' } }, undefined)).toBe(0);
  });
});
