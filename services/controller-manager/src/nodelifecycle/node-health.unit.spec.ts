import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { decideNodeHealth, type NodeHealth } from './node-health.js';

const T0 = new Date('2026-03-01T12:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const stamp = (seconds: number) => at(seconds).toISOString().replace(/\.\d{3}Z$/, 'Z');
const SETTINGS = { gracePeriodMs: 50_000, startupGracePeriodMs: 60_000 };

const condition = (type: string, status: string, heartbeat: number, transition = -600) => ({
  type,
  status,
  reason: `Kubelet${type}`,
  message: 'kubelet says',
  lastHeartbeatTime: stamp(heartbeat),
  lastTransitionTime: stamp(transition),
});
const node = (heartbeat?: number, readyStatus = 'True'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1', uid: 'n1', creationTimestamp: stamp(-3600) },
  status:
    heartbeat === undefined
      ? {}
      : { conditions: [condition('MemoryPressure', 'False', heartbeat), condition('DiskPressure', 'False', heartbeat), condition('PIDPressure', 'False', heartbeat), condition('Ready', readyStatus, heartbeat)] },
});

describe('decideNodeHealth (tryUpdateNodeHealth)', () => {
  it('counts a node first seen as alive from then, whatever its heartbeat says', () => {
    const { health, conditions } = decideNodeHealth(undefined, node(-3000), undefined, T0, SETTINGS);
    expect(health.probeTimestamp).toBe(T0.getTime());
    expect(conditions).toBeUndefined();
  });

  it('keeps a node whose Ready heartbeat moves on within the grace period', () => {
    let health: NodeHealth | undefined;
    for (let s = 0; s <= 200; s += 10) {
      const decision = decideNodeHealth(health, node(s), undefined, at(s + 5), SETTINGS);
      expect(decision.conditions).toBeUndefined();
      health = decision.health;
    }
    expect(health?.probeTimestamp).toBe(at(205).getTime());
  });

  it('keeps a node whose Lease is renewed though its status heartbeat stopped', () => {
    let health = decideNodeHealth(undefined, node(0), stamp(0), at(0), SETTINGS).health;
    for (let s = 10; s <= 120; s += 10) {
      const decision = decideNodeHealth(health, node(0), `${stamp(s).slice(0, -1)}.123456Z`, at(s), SETTINGS);
      expect(decision.conditions).toBeUndefined();
      health = decision.health;
    }
  });

  it('turns Ready and the pressure conditions Unknown once neither heartbeat nor Lease moved for longer than the grace period', () => {
    const first = decideNodeHealth(undefined, node(0), stamp(0), at(0), SETTINGS);
    expect(decideNodeHealth(first.health, node(0), stamp(0), at(50), SETTINGS).conditions).toBeUndefined();
    const stale = decideNodeHealth(first.health, node(0), stamp(0), at(51), SETTINGS);
    expect(stale.observedReady).toMatchObject({ type: 'Ready', status: 'True' });
    expect(stale.conditions).toEqual(
      ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({
        type,
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastHeartbeatTime: stamp(0),
        lastTransitionTime: stamp(51),
      })),
    );
  });

  it('writes nothing when Ready is Unknown already', () => {
    const first = decideNodeHealth(undefined, node(0, 'Unknown'), undefined, at(0), SETTINGS);
    expect(decideNodeHealth(first.health, node(0, 'Unknown'), undefined, at(120), SETTINGS).conditions).toBeUndefined();
  });

  it('gives a node that never posted its status the startup grace period from its creation, then adds the conditions as never updated', () => {
    const created = node(undefined);
    created.metadata!.creationTimestamp = stamp(0);
    const first = decideNodeHealth(undefined, created, undefined, at(59), SETTINGS);
    expect(first.conditions).toBeUndefined();
    const stale = decideNodeHealth(first.health, created, undefined, at(61), SETTINGS);
    expect(stale.observedReady).toMatchObject({ status: 'Unknown', lastHeartbeatTime: stamp(0) });
    expect(stale.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual(
      ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((t) => [t, 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.']),
    );
  });

  it('counts a node from a new heartbeat again after it was Unknown (the kubelet came back)', () => {
    const first = decideNodeHealth(undefined, node(0), undefined, at(0), SETTINGS);
    const unknown = decideNodeHealth(first.health, node(0), undefined, at(60), SETTINGS);
    expect(unknown.conditions).toBeDefined();
    const back = decideNodeHealth(unknown.health, node(100), undefined, at(101), SETTINGS);
    expect(back.conditions).toBeUndefined();
    expect(back.health.probeTimestamp).toBe(at(101).getTime());
  });
});
