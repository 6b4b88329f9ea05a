import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { RESOURCES } from '../registry/resources.js';
import { AdmissionChain } from './admission-chain.js';
import type { AdmissionAttributes, AdmissionPlugin } from './admission-plugin.js';

const pods = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;
const labelled = (label: string): AdmissionPlugin => ({
  name: label,
  handles: (op) => op === 'CREATE',
  admit: async ({ object }) => ({ ...object, metadata: { ...object?.metadata, labels: { ...object?.metadata?.labels, [label]: String(Object.keys(object?.metadata?.labels ?? {}).length) } } }),
});

describe('AdmissionChain', () => {
  it('runs the mutating plugins in order, each on what the one before admitted, then validates what they admitted', async () => {
    const seen: KubeObject[] = [];
    const chain = new AdmissionChain([labelled('a'), { name: 'check', handles: () => true, validate: async ({ object }) => void seen.push(object!) }, labelled('b')]);
    const attributes: AdmissionAttributes = { operation: 'CREATE', resource: pods, subresource: '', namespace: 'ns', name: 'p', object: { metadata: { name: 'p' } } };
    const admitted = await chain.admit(attributes);
    expect(admitted?.metadata?.labels).toEqual({ a: '0', b: '1' });
    await chain.validate({ ...attributes, object: admitted });
    expect(seen).toEqual([admitted]);
    expect(chain.names).toEqual(['a', 'check', 'b']);
  });

  it('skips plugins that do not handle the operation', async () => {
    const chain = new AdmissionChain([labelled('a')]);
    const object = { metadata: { name: 'p' } };
    await expect(chain.admit({ operation: 'DELETE', resource: pods, subresource: '', namespace: 'ns', name: 'p', object })).resolves.toBe(object);
  });
});
