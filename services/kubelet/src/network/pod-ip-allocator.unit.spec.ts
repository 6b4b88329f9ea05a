import { describe, expect, it } from 'vitest';
import { PodIpAllocator } from './pod-ip-allocator.js';

describe('pod IPs from the node pod CIDR', () => {
  it('gives each pod its own address, the same one again, and reuses released ones', () => {
    const ips = new PodIpAllocator('127.128.3.0/24');
    expect(ips.allocate('default/a')).toBe('127.128.3.2');
    expect(ips.allocate('default/b')).toBe('127.128.3.3');
    expect(ips.allocate('default/a')).toBe('127.128.3.2');
    ips.release('default/a');
    expect(ips.allocate('default/c')).toBe('127.128.3.2');
  });

  it('restores addresses after a restart and runs out cleanly', () => {
    const ips = new PodIpAllocator('10.0.0.0/30');
    expect(ips.restore('default/old', '10.0.0.2')).toBe(true);
    expect(ips.restore('default/other', '10.0.0.2')).toBe(false);
    expect(ips.restore('default/far', '10.9.0.2')).toBe(false);
    expect(ips.allocate('default/new')).toBeUndefined();
  });
});
