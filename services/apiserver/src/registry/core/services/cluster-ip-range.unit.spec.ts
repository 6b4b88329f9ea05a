import { describe, expect, it } from 'vitest';
import { ClusterIpRange } from './cluster-ip-range.js';

describe('ClusterIpRange', () => {
  it('holds every address but the network and broadcast ones, with upstream static band', () => {
    const range = new ClusterIpRange('10.96.0.0/12');
    expect(range.first).toBe('10.96.0.1');
    expect(range.size).toBe(2 ** 20 - 2);
    expect(range.staticBand).toBe(256);
    expect(range.offsetOf('10.96.0.0')).toBeUndefined();
    expect(range.offsetOf('10.111.255.255')).toBeUndefined();
    expect(range.offsetOf('10.111.255.254')).toBe(2 ** 20 - 3);
    expect(range.offsetOf('10.112.0.1')).toBeUndefined();
    expect(range.offsetOf('not-an-ip')).toBeUndefined();
    expect(range.addressAt(range.offsetOf('10.100.3.7')!)).toBe('10.100.3.7');
    expect(new ClusterIpRange('10.0.0.0/24').staticBand).toBe(16);
    expect(new ClusterIpRange('192.168.1.7/28').cidr).toBe('192.168.1.0/28');
    expect(() => new ClusterIpRange('fd00::/108')).toThrow('only IPv4 service CIDRs are supported');
  });
});
