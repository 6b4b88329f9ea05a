import { describe, expect, it } from 'vitest';
import { podTemplateHash } from './pod-template-hash.js';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } };

describe('the pod-template-hash (controller.ComputeHash)', () => {
  it('is stable: the same for the same template whatever its key order or null members, and across releases of this code', () => {
    const reordered = { spec: { containers: [{ image: 'web:1', name: 'web' }] }, metadata: { creationTimestamp: null, labels: { app: 'web' } } };
    expect(podTemplateHash(reordered)).toBe(podTemplateHash(template));
    expect(podTemplateHash(template)).toBe(podTemplateHash(structuredClone(template)));
    // FNV-32a of {"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"web:1","name":"web"}]}} is 3502429716.
    // Pinned: a change here renames every Deployment's ReplicaSet on upgrade (its rollout is found by template, not name, so nothing breaks, but names move).
    expect(podTemplateHash(template)).toBe('794686fc5b');
  });

  it('differs between templates and with the collision count, and is a valid label value of the safe alphabet', () => {
    const hashes = new Set(['web:1', 'web:2', 'web:3', 'api:1'].map((image) => podTemplateHash({ ...template, spec: { containers: [{ name: 'web', image }] } })));
    expect(hashes.size).toBe(4);
    const plain = podTemplateHash(template);
    const bumped = [undefined, 0, 1, 2].map((count) => podTemplateHash(template, count));
    expect(new Set(bumped).size).toBe(4);
    expect(bumped[0]).toBe(plain);
    for (const hash of [...hashes, ...bumped]) expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
});
