import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';
import { computeZoneState, zoneEvictionRate, zoneKeyOf } from './zone-state.js';

const ready = (status: string) => ({ type: 'Ready', status });
const RATES = { evictionRate: 0.1, secondaryEvictionRate: 0.01, largeClusterThreshold: 50 };

describe('zones (ComputeZoneState, setLimiterInZone)', () => {
  it('keys nodes by region and zone labels', () => {
    const node = (labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels } });
    expect(zoneKeyOf(node({}))).toBe('');
    expect(zoneKeyOf(node({ 'topology.kubernetes.io/region': 'r', 'topology.kubernetes.io/zone': 'z' }))).toBe('r:\x00:z');
    expect(zoneKeyOf(node({ 'failure-domain.beta.kubernetes.io/zone': 'z' }))).toBe(':\x00:z');
  });

  it('is fully disrupted when no node is Ready, partially when more than two and at least the threshold are not', () => {
    expect(computeZoneState([ready('Unknown')], 0.55)).toBe('FullDisruption');
    expect(computeZoneState([ready('True'), ready('Unknown')], 0.55)).toBe('Normal');
    expect(computeZoneState([ready('True'), ready('False'), ready('Unknown')], 0.55)).toBe('Normal');
    expect(computeZoneState([ready('True'), ready('False'), ready('Unknown'), undefined], 0.55)).toBe('PartialDisruption');
    expect(computeZoneState([ready('True'), ready('True'), ready('False'), ready('Unknown'), undefined], 0.55)).toBe('PartialDisruption');
    expect(computeZoneState([ready('True'), ready('True'), ready('True'), ready('False'), ready('Unknown'), undefined], 0.55)).toBe('Normal');
  });

  it('taints at the eviction rate, and in a partially disrupted zone only in a large cluster, at the secondary rate', () => {
    expect(zoneEvictionRate('Normal', 3, RATES)).toBe(0.1);
    expect(zoneEvictionRate('FullDisruption', 3, RATES)).toBe(0.1);
    expect(zoneEvictionRate('PartialDisruption', 50, RATES)).toBe(0);
    expect(zoneEvictionRate('PartialDisruption', 51, RATES)).toBe(0.01);
  });
});

describe('TokenBucket (burst 1)', () => {
  it('lets one through at once, then one per 1/qps seconds', () => {
    const bucket = new TokenBucket(0.1);
    expect(bucket.tryAccept(0)).toBe(true);
    expect(bucket.tryAccept(1000)).toBe(false);
    expect(bucket.tryAccept(9_999)).toBe(false);
    expect(bucket.tryAccept(10_000)).toBe(true);
    expect(bucket.tryAccept(100_000)).toBe(true);
    expect(bucket.tryAccept(100_001)).toBe(false);
  });

  it('lets nothing through at rate 0, and keeps its level across a rate change', () => {
    const bucket = new TokenBucket(0);
    expect(bucket.tryAccept(0)).toBe(false);
    bucket.setRate(1, 0);
    expect(bucket.tryAccept(0)).toBe(true);
    expect(bucket.tryAccept(500)).toBe(false);
    expect(bucket.tryAccept(1000)).toBe(true);
  });
});
