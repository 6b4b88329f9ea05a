import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { namespaceEventHandler, podEventHandler } from './namespace.event-handlers.js';

const ns = (name: string, deleting: boolean): KubeObject => ({ metadata: { name, ...(deleting && { deletionTimestamp: '2026-03-01T12:00:00Z' }) } });
const pod = (namespace: string, name: string): KubeObject => ({ metadata: { namespace, name } });

describe('namespace controller event handlers', () => {
  it('queues a namespace being deleted, after the delay, and not an active one', () => {
    const queued: [string, number][] = [];
    const handler = namespaceEventHandler({ enqueueAfter: (name, ms) => queued.push([name, ms]), delayMs: 500 });
    handler.onAdd!(ns('active', false), true);
    handler.onAdd!(ns('leaving', true), true);
    handler.onUpdate!(ns('later', false), ns('later', true));
    expect(queued).toEqual([['leaving', 500], ['later', 500]]);
  });

  it('queues a terminating namespace again as its pods go, sooner for its last pod', () => {
    const queued: [string, number][] = [];
    const pods: Record<string, KubeObject[]> = { leaving: [pod('leaving', 'b')], emptied: [] };
    const namespaces: Record<string, KubeObject> = { leaving: ns('leaving', true), emptied: ns('emptied', true), active: ns('active', false) };
    const handler = podEventHandler({ getNamespace: (name) => namespaces[name], podsIn: (name) => pods[name] ?? [], enqueueAfter: (name, ms) => queued.push([name, ms]) });
    handler.onDelete!(pod('leaving', 'a'));
    handler.onDelete!(pod('emptied', 'z'));
    handler.onDelete!(pod('active', 'x'));
    expect(queued).toEqual([['leaving', 1000], ['emptied', 100]]);
  });
});
