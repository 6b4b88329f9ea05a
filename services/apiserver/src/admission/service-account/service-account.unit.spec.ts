import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { RESOURCES } from '../../registry/resources.js';
import { serviceAccountAdmission } from './service-account.js';

const pods = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;
const configmaps = RESOURCES.find((r) => r.resource === 'configmaps')!;
const accounts: Record<string, KubeObject> = {
  default: { metadata: { name: 'default' } },
  quiet: { metadata: { name: 'quiet' }, automountServiceAccountToken: false, imagePullSecrets: [{ name: 'registry' }] },
};
const plugin = serviceAccountAdmission(async (_ns, name) => accounts[name], (base) => `${base}abcde`);
const attributes = (object: KubeObject, resource = pods) => ({ operation: 'CREATE' as const, resource, subresource: '', namespace: 'app', name: object.metadata?.name ?? '', object });
const pod = (spec: Record<string, unknown>, annotations?: Record<string, string>): KubeObject => ({ metadata: { name: 'p', ...(annotations && { annotations }) }, spec: { containers: [{ name: 'c', image: 'i' }], ...spec } });
const specOf = (object: KubeObject | undefined) => object?.['spec'] as { serviceAccountName?: string; serviceAccount?: string; volumes?: { name: string }[]; containers: { volumeMounts?: unknown[] }[]; imagePullSecrets?: unknown };

describe('ServiceAccount admission', () => {
  it('gives a pod the default ServiceAccount and the kube-api-access volume', async () => {
    const spec = specOf(await plugin.admit(attributes(pod({}))));
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.serviceAccount).toBe('default');
    expect(spec.volumes?.map((v) => v.name)).toEqual(['kube-api-access-abcde']);
    expect(spec.containers[0]?.volumeMounts).toEqual([{ name: 'kube-api-access-abcde', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
  });

  it("mounts nothing when the ServiceAccount turns automount off, and copies its imagePullSecrets", async () => {
    const spec = specOf(await plugin.admit(attributes(pod({ serviceAccountName: 'quiet' }))));
    expect(spec.volumes).toBeUndefined();
    expect(spec.containers[0]?.volumeMounts).toBeUndefined();
    expect(spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
  });

  it("lets the pod's automountServiceAccountToken win over the ServiceAccount's", async () => {
    expect(specOf(await plugin.admit(attributes(pod({ serviceAccountName: 'quiet', automountServiceAccountToken: true })))).volumes).toHaveLength(1);
    expect(specOf(await plugin.admit(attributes(pod({ automountServiceAccountToken: false })))).volumes).toBeUndefined();
  });

  it('refuses a pod whose ServiceAccount does not exist with 403, in upstream\'s words', async () => {
    await expect(plugin.admit(attributes(pod({ serviceAccountName: 'missing' })))).rejects.toMatchObject({
      status: { code: 403, reason: 'Forbidden', message: 'pods "p" is forbidden: error looking up service account app/missing: serviceaccount "missing" not found' },
    });
  });

  it('leaves mirror pods as they are and refuses those that reference a ServiceAccount', async () => {
    const mirror = pod({}, { 'kubernetes.io/config.mirror': 'x' });
    await expect(plugin.admit(attributes(mirror))).resolves.toBe(mirror);
    await expect(plugin.validate(attributes(pod({ serviceAccountName: 'default' }, { 'kubernetes.io/config.mirror': 'x' })))).rejects.toMatchObject({
      status: { code: 403, message: 'pods "p" is forbidden: a mirror pod may not reference service accounts' },
    });
  });

  it('ignores other resources', async () => {
    const cm = { metadata: { name: 'cm' }, data: {} };
    await expect(plugin.admit(attributes(cm, configmaps))).resolves.toBe(cm);
  });
});
