import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { newControllerRef } from '../controller-utils/controller-ref.js';
import { jobPodFromTemplate } from './job-pod-from-template.js';
import { JOB_KIND } from './job-spec.js';

const job = (name = 'pi'): KubeObject => ({
  metadata: { name, namespace: 'ns', uid: 'job-uid' },
  spec: { template: { metadata: { labels: { 'batch.kubernetes.io/job-name': name }, finalizers: ['example.com/keep'] }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', env: [{ name: 'A', value: '1' }] }] } } },
});
const ref = newControllerRef(job(), JOB_KIND);

describe('jobPodFromTemplate', () => {
  it('makes an owned pod with the tracking finalizer and generateName <job>-', () => {
    const pod = jobPodFromTemplate(job(), ref);
    expect(pod.metadata).toEqual({
      generateName: 'pi-',
      namespace: 'ns',
      labels: { 'batch.kubernetes.io/job-name': 'pi' },
      finalizers: ['example.com/keep', 'batch.kubernetes.io/job-tracking'],
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true, blockOwnerDeletion: true }],
    });
    expect(pod['spec']).toEqual({ restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', env: [{ name: 'A', value: '1' }] }] });
  });

  it('gives an Indexed Job\'s pod its index: annotation, label, hostname, generateName and JOB_COMPLETION_INDEX', () => {
    const pod = jobPodFromTemplate(job(), ref, 2);
    expect(pod.metadata).toMatchObject({ generateName: 'pi-2-', labels: { 'batch.kubernetes.io/job-completion-index': '2' }, annotations: { 'batch.kubernetes.io/job-completion-index': '2' } });
    expect(pod['spec']).toMatchObject({
      hostname: 'pi-2',
      containers: [{ env: [{ name: 'A', value: '1' }, { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }] }],
    });
    expect(jobPodFromTemplate(job('x'.repeat(60)), ref, 12).metadata?.['generateName']).toBe(`${'x'.repeat(54)}-12-`);
  });
});
