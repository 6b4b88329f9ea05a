import { describe, expect, it } from 'vitest';
import { withoutValueZeros } from './pod-template-zeros.js';
import { equalIgnoreHash } from '../deployment/replica-set-lists.js';
import { podTemplateHash } from './pod-template-hash.js';

/** What this apiserver stores for a Deployment kubectl created (protobuf: every Go value field written, zeros too). */
const fromProtobuf = {
  metadata: { labels: { app: 'web' } },
  spec: {
    hostNetwork: false,
    hostPID: false,
    hostIPC: false,
    containers: [
      {
        name: 'web',
        image: 'web:1',
        stdin: false,
        stdinOnce: false,
        tty: false,
        ports: [{ containerPort: 8080, hostPort: 0 }],
        volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: false }],
        readinessProbe: { httpGet: { path: '/', port: 8080 }, initialDelaySeconds: 0, periodSeconds: 10 },
        lifecycle: { preStop: { sleep: { seconds: 0 } } },
      },
    ],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: false } }],
  },
};
/** The same template as `kubectl rollout undo` patches it in (JSON from Go structs: omitempty). */
const fromJson = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'web:1',
        ports: [{ containerPort: 8080 }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
        readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 10 },
        lifecycle: { preStop: { sleep: {} } },
      },
    ],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
  },
};

describe("the zeros of Go value fields (a template from protobuf vs the same from JSON)", () => {
  it('are left out, so both compare and hash equal', () => {
    expect(withoutValueZeros(fromProtobuf)).toEqual(fromJson);
    expect(equalIgnoreHash(fromProtobuf, fromJson)).toBe(true);
    expect(podTemplateHash(fromProtobuf)).toBe(podTemplateHash(fromJson));
    expect(fromProtobuf.spec.hostNetwork).toBe(false); // a copy: the template itself is untouched
  });

  it("but a pointer's explicit false or 0 and a value field's true still count", () => {
    const withPointerZeros = { ...fromJson, spec: { ...fromJson.spec, automountServiceAccountToken: false, securityContext: { runAsUser: 0 }, terminationGracePeriodSeconds: 0 } };
    expect(withoutValueZeros(withPointerZeros)).toEqual(withPointerZeros);
    expect(equalIgnoreHash(withPointerZeros, fromJson)).toBe(false);
    expect(equalIgnoreHash({ ...fromJson, spec: { ...fromJson.spec, hostNetwork: true } }, fromJson)).toBe(false);
    const csiReadOnly = { spec: { volumes: [{ name: 'v', csi: { driver: 'd', readOnly: false } }] } };
    expect(withoutValueZeros(csiReadOnly)).toEqual(csiReadOnly);
  });
});
