import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { newControllerRef } from '../controller-utils/controller-ref.js';
import { podFromTemplate } from './pod-from-template.js';
import { REPLICASET_KIND } from './replicaset-spec.js';

const rs = (template: Record<string, unknown>, name = 'web-7d4b9'): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'ns', uid: 'rs-uid', labels: { owner: 'not-copied' } },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
});

describe('podFromTemplate (GetPodFromTemplate)', () => {
  it('makes a pod of the template: its labels, annotations, finalizers and spec, generateName <rs>-, owned by the ReplicaSet', () => {
    const template = {
      metadata: { labels: { app: 'web', tier: 'front' }, annotations: { note: 'x' }, finalizers: ['example.com/keep'], name: 'ignored' },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], restartPolicy: 'Always' },
    };
    const owner = rs(template);
    const ref = newControllerRef(owner, REPLICASET_KIND);
    const pod = podFromTemplate(owner, ref);
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: 'web-7d4b9-',
        namespace: 'ns',
        labels: { app: 'web', tier: 'front' },
        annotations: { note: 'x' },
        finalizers: ['example.com/keep'],
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
      },
      spec: template.spec,
    });
    // A copy: the pod never shares the cached ReplicaSet's objects.
    expect(pod['spec']).not.toBe(template.spec);
    expect(pod.metadata?.labels).not.toBe(template.metadata.labels);
  });

  it('refuses a template without labels, and leaves the dash off a name at the length limit', () => {
    const ref = newControllerRef(rs({}), REPLICASET_KIND);
    expect(() => podFromTemplate(rs({ spec: {} }), ref)).toThrow('unable to create pods, no labels');
    const long = 'a'.repeat(253);
    expect(podFromTemplate(rs({ metadata: { labels: { app: 'web' } } }, long), ref).metadata?.['generateName']).toBe(long);
  });
});
