import { describe, expect, it } from 'vitest';
import { PodCidrAllocator } from './pod-cidr-allocator.js';

describe('node IPAM: a pod CIDR per node from the cluster CIDR', () => {
  it('hands out the first free /24, skips what nodes already hold, and reuses released ones', () => {
    const ipam = new PodCidrAllocator('127.128.0.0/10', 24);
    expect(ipam.occupy('127.128.1.0/24')).toBe(true);
    expect(ipam.allocate()).toBe('127.128.0.0/24');
    expect(ipam.allocate()).toBe('127.128.2.0/24');
    ipam.release('127.128.0.0/24');
    expect(ipam.allocate()).toBe('127.128.0.0/24');
  });

  it('ignores CIDRs outside the range or of another size, and says when it is full', () => {
    const ipam = new PodCidrAllocator('10.244.0.0/23', 24);
    expect(ipam.occupy('10.245.0.0/24')).toBe(false);
    expect(ipam.occupy('10.244.0.0/25')).toBe(false);
    expect(ipam.allocate()).toBe('10.244.0.0/24');
    expect(ipam.allocate()).toBe('10.244.1.0/24');
    expect(ipam.allocate()).toBeUndefined();
    expect(() => new PodCidrAllocator('10.0.0.0/16', 8)).toThrow(/mask size/);
  });
});
