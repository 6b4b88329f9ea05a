import { describe, expect, it } from 'vitest';
import { containerEnv, expandVars, type EnvSources } from './container-env.js';
import type { Pod } from './pod.js';

const sources: EnvSources = {
  configMap: async (_ns, name) => (name === 'cfg' ? { greeting: 'hello', 'bad key': 'x', MODE: 'fast' } : undefined),
  secret: async (_ns, name) => (name === 'creds' ? { password: 's3cret' } : undefined),
  nodeCapacity: { cpu: '4', memory: '8Gi' },
};

const pod = (env: NonNullable<Pod['spec']>['containers'][number]): Pod => ({
  metadata: { name: 'web', namespace: 'default', uid: 'u1', labels: { app: 'web', tier: 'fe' }, annotations: { note: 'n' } },
  spec: { nodeName: 'node-1', serviceAccountName: 'default', containers: [env] },
});

describe('containerEnv', () => {
  it('resolves values, $(VAR) references, the downward API, resources, ConfigMap and Secret keys, and envFrom with prefix', async () => {
    const spec = {
      name: 'c',
      image: 'i',
      resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m' } },
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }, { secretRef: { name: 'missing', optional: true } }],
      env: [
        { name: 'PORT', value: '8080' },
        { name: 'URL', value: 'http://$(POD_IP):$(PORT)/$$(x)$(NOPE)' },
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'LABELS', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
        { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'CPU_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
        { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'greeting' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        { name: 'OPTIONAL', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope', optional: true } } },
      ],
    };
    const env = Object.fromEntries((await containerEnv(pod(spec), spec, '127.128.1.2', '127.0.0.1', sources)).map((e) => [e.name, e.value]));
    expect(env).toEqual({
      CFG_greeting: 'hello',
      CFG_MODE: 'fast',
      PORT: '8080',
      URL: 'http://$(POD_IP):8080/$(x)$(NOPE)',
      POD_NAME: 'web',
      NS: 'default',
      UID: 'u1',
      APP: 'web',
      LABELS: 'app="web"\ntier="fe"',
      NODE: 'node-1',
      SA: 'default',
      HOST_IP: '127.0.0.1',
      MEM: '64',
      CPU_LIMIT: '4',
      CPU_REQ: '250',
      GREETING: 'hello',
      PASSWORD: 's3cret',
    });
  });

  it('fails with upstream messages for what it cannot resolve', async () => {
    const run = (e: object) => {
      const spec = { name: 'c', image: 'i', env: [{ name: 'X', ...e }] };
      return containerEnv(pod(spec), spec, '', '', sources);
    };
    await expect(run({ valueFrom: { configMapKeyRef: { name: 'other', key: 'k' } } })).rejects.toThrow('configmap "other" not found');
    await expect(run({ valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } })).rejects.toThrow("couldn't find key k in Secret default/creds");
    await expect(run({ valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } } })).rejects.toThrow('unsupported fieldPath: spec.hostname');
  });

  it('expands only defined variables and unescapes $$', () => {
    expect(expandVars('$(A)-$(B)-$$(A)', new Map([['A', '1']]))).toBe('1-$(B)-$(A)');
  });
});
