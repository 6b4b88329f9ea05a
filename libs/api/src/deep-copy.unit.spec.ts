import { describe, expect, it } from 'vitest';
import { deepCopy } from './deep-copy.js';

describe('deepCopy', () => {
  it('copies nested objects and arrays, sharing nothing with the original', () => {
    const original = { metadata: { name: 'a', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] }, status: null };
    const copied = deepCopy(original);
    expect(copied).toEqual(original);
    copied.metadata.labels.app = 'changed';
    copied.spec.containers[0]!.ports[0]!.containerPort = 81;
    copied.spec.containers.push({ name: 'd', ports: [] });
    expect(original.metadata.labels.app).toBe('web');
    expect(original.spec.containers).toEqual([{ name: 'c', ports: [{ containerPort: 80 }] }]);
  });

  it('keeps scalars, nulls and undefined properties as they are', () => {
    expect(deepCopy({ a: 1, b: 'x', c: true, d: null, e: undefined })).toStrictEqual({ a: 1, b: 'x', c: true, d: null, e: undefined });
    expect(deepCopy('text')).toBe('text');
    expect(deepCopy(null)).toBeNull();
  });

  it('copies an own __proto__ key as a key, leaving the copy a plain object', () => {
    const original = JSON.parse('{"data":{"__proto__":{"polluted":true},"a":"1"}}') as { data: Record<string, unknown> };
    const copied = deepCopy(original);
    expect(Object.getPrototypeOf(copied.data)).toBe(Object.prototype);
    expect(Object.keys(copied.data)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(copied)).toBe(JSON.stringify(original));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
