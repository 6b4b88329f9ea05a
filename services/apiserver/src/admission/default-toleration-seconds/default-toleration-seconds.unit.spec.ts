import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../registry/resources.js';
import { defaultTolerationSeconds } from './default-toleration-seconds.js';

const pods = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;
const configmaps = RESOURCES.find((r) => r.resource === 'configmaps')!;
const attributes = (object: KubeObject, o: { resource?: typeof pods; subresource?: string; operation?: 'CREATE' | 'UPDATE' } = {}) => ({
  operation: o.operation ?? ('CREATE' as const),
  resource: o.resource ?? pods,
  subresource: o.subresource ?? '',
  namespace: 'app',
  name: 'p',
  object,
});
const pod = (tolerations?: Record<string, unknown>[]): KubeObject => ({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }], ...(tolerations && { tolerations }) } });
const tolerationsOf = (object: KubeObject | undefined) => (object?.['spec'] as { tolerations?: unknown[] }).tolerations;
const NOT_READY = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const UNREACHABLE = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

describe('DefaultTolerationSeconds admission', () => {
  const plugin = defaultTolerationSeconds();

  it('adds not-ready and unreachable NoExecute tolerations of 300 s to a pod without them, after its own', async () => {
    expect(tolerationsOf(await plugin.admit(attributes(pod())))).toEqual([NOT_READY, UNREACHABLE]);
    const own = { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' };
    expect(tolerationsOf(await plugin.admit(attributes(pod([own]))))).toEqual([own, NOT_READY, UNREACHABLE]);
  });

  it('adds only what the pod does not tolerate already (an empty key or effect covers any)', async () => {
    const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' };
    expect(tolerationsOf(await plugin.admit(attributes(pod([notReady]))))).toEqual([notReady, UNREACHABLE]);
    const unreachableAnyEffect = { key: 'node.kubernetes.io/unreachable', operator: 'Exists' };
    expect(tolerationsOf(await plugin.admit(attributes(pod([unreachableAnyEffect]))))).toEqual([unreachableAnyEffect, NOT_READY]);
    expect(tolerationsOf(await plugin.admit(attributes(pod([{ operator: 'Exists' }]))))).toEqual([{ operator: 'Exists' }]);
    const noSchedule = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' };
    expect(tolerationsOf(await plugin.admit(attributes(pod([noSchedule]))))).toEqual([noSchedule, NOT_READY, UNREACHABLE]);
  });

  it('uses the configured seconds, and on update adds what is missing too', async () => {
    const custom = defaultTolerationSeconds({ notReadySeconds: 10, unreachableSeconds: 5 });
    expect(tolerationsOf(await custom.admit(attributes(pod(), { operation: 'UPDATE' })))).toEqual([
      { ...NOT_READY, tolerationSeconds: 10 },
      { ...UNREACHABLE, tolerationSeconds: 5 },
    ]);
    expect(custom.handles('DELETE')).toBe(false);
  });

  it('leaves other resources and pod subresources alone', async () => {
    const configMap = { metadata: { name: 'c' }, data: {} };
    expect(await plugin.admit(attributes(configMap, { resource: configmaps }))).toBe(configMap);
    const bare = pod();
    expect(await plugin.admit(attributes(bare, { subresource: 'status' }))).toBe(bare);
  });
});
