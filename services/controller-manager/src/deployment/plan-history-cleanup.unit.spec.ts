import { describe, expect, it } from 'vitest';
import { planHistoryCleanup } from './plan-history-cleanup.js';
import { replicaSetObject as rs } from './testing/replica-set-object.js';

const names = (list: ReadonlyArray<{ metadata?: { name?: string } }>) => list.map((o) => o.metadata?.name);

describe('revision history cleanup (cleanupDeployment)', () => {
  const old = [rs('r3', 0, { revision: 3 }), rs('r1', 0, { revision: 1 }), rs('r2', 0, { revision: 2 })];

  it('deletes the lowest revisions beyond revisionHistoryLimit', () => {
    expect(names(planHistoryCleanup(old, 1))).toEqual(['r1', 'r2']);
    expect(names(planHistoryCleanup(old, 0))).toEqual(['r1', 'r2', 'r3']);
    expect(planHistoryCleanup(old, 3)).toEqual([]);
    expect(planHistoryCleanup(old, undefined)).toEqual([]);
    expect(planHistoryCleanup(old, 2_147_483_647)).toEqual([]);
  });

  it('passes over ReplicaSets still running pods, asked for some, not yet observed or being deleted', () => {
    const busy = [
      rs('running', 0, { revision: 1, running: 1 }),
      rs('asked', 1, { revision: 2 }),
      rs('unobserved', 0, { revision: 3, generation: 2, observedGeneration: 1 }),
      { ...rs('deleting', 0, { revision: 4 }), metadata: { ...rs('deleting', 0, { revision: 4 }).metadata, deletionTimestamp: '2025-01-01T00:00:00Z' } },
      rs('done', 0, { revision: 5 }),
    ];
    expect(names(planHistoryCleanup(busy, 0))).toEqual(['done']);
    expect(planHistoryCleanup(busy, 1)).toEqual([]); // 4 cleanable, the 3 lowest are busy
  });
});
