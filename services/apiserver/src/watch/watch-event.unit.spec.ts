import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { EventBuffer } from './event-buffer.js';
import { toWatchEvent, type CacheEvent, type WatchFilter } from './watch-event.js';

const obj = (rv: number, tier: string): KubeObject => ({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p', resourceVersion: String(rv), labels: { tier } } });
const gold: WatchFilter = { keyPrefix: '/_/pods/default/', matches: (o) => o.metadata?.labels?.['tier'] === 'gold' };
const event = (type: CacheEvent['type'], revision: number, tier: string, prevTier?: string): CacheEvent => ({
  revision,
  type,
  key: '/_/pods/default/p',
  object: obj(revision, tier),
  ...(prevTier && { prevObject: obj(revision - 1, prevTier) }),
});

describe('toWatchEvent (selector transitions, as upstream cacheWatcher)', () => {
  it('passes events of matching objects through', () => {
    expect(toWatchEvent(event('ADDED', 5, 'gold'), gold)?.type).toBe('ADDED');
    expect(toWatchEvent(event('MODIFIED', 6, 'gold', 'gold'), gold)?.type).toBe('MODIFIED');
    expect(toWatchEvent(event('DELETED', 7, 'gold', 'gold'), gold)?.type).toBe('DELETED');
  });

  it('sends an object that starts matching as ADDED and one that stops as DELETED at the new revision', () => {
    expect(toWatchEvent(event('MODIFIED', 6, 'gold', 'silver'), gold)).toEqual({ type: 'ADDED', object: obj(6, 'gold') });
    expect(toWatchEvent(event('MODIFIED', 7, 'silver', 'gold'), gold)).toEqual({ type: 'DELETED', object: obj(7, 'gold') });
  });

  it('drops events that never match or are outside the prefix', () => {
    expect(toWatchEvent(event('MODIFIED', 6, 'silver', 'silver'), gold)).toBeUndefined();
    expect(toWatchEvent(event('DELETED', 6, 'silver', 'silver'), gold)).toBeUndefined();
    expect(toWatchEvent({ ...event('ADDED', 5, 'gold'), key: '/_/pods/other/p' }, gold)).toBeUndefined();
  });
});

describe('EventBuffer', () => {
  it('keeps a window of recent events and says from which revision it is complete', () => {
    const buffer = new EventBuffer(2, 10);
    for (const r of [11, 13, 14]) buffer.push(event('ADDED', r, 'gold'));
    expect(buffer.start).toBe(10);
    expect(buffer.after(11).map((e) => e.revision)).toEqual([13, 14]);
    expect(buffer.after(12).map((e) => e.revision)).toEqual([13, 14]);
    buffer.push(event('ADDED', 15, 'gold')); // 4 held ≥ 2 × capacity: the oldest two go
    expect(buffer.start).toBe(13);
    expect(buffer.after(13).map((e) => e.revision)).toEqual([14, 15]);
    expect(buffer.after(15)).toEqual([]);
  });
});
