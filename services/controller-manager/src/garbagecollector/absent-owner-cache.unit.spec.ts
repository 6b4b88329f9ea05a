import { describe, expect, it } from 'vitest';
import { AbsentOwnerCache } from './absent-owner-cache.js';

describe('AbsentOwnerCache', () => {
  it('remembers owners by namespace and uid, dropping the least recently used beyond its size', () => {
    const cache = new AbsentOwnerCache(2);
    cache.add('ns', 'a');
    cache.add('', 'b');
    expect(cache.has('ns', 'a')).toBe(true); // touched: b is now the oldest
    expect(cache.has('other', 'a')).toBe(false);
    cache.add('ns', 'c');
    expect(cache.has('', 'b')).toBe(false);
    expect(cache.has('ns', 'a')).toBe(true);
    expect(cache.has('ns', 'c')).toBe(true);
    expect(cache.size).toBe(2);
  });
});
