import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { daemonSetEventHandler, dependentEventHandler, nodeEventHandler } from './daemonset.event-handlers.js';
import { daemonPod, daemonSet, node } from './testing/daemonset-objects.js';

const other = daemonSet({ selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { nodeSelector: { role: 'db' } } } }, { name: 'db', uid: 'db-uid' });
const sets = [daemonSet(), other];

function handlers() {
  const queued: string[] = [];
  const forgotten: string[] = [];
  const lookup = {
    getDaemonSet: (_ns: string, name: string) => sets.find((d) => d.metadata?.name === name),
    listDaemonSets: () => sets,
    enqueue: (key: string) => void queued.push(key),
  };
  return { queued, forgotten, ds: daemonSetEventHandler({ enqueue: lookup.enqueue, forgetExpectations: (k) => void forgotten.push(k) }), dependent: dependentEventHandler(lookup), node: nodeEventHandler(lookup) };
}
const bumped = (o: KubeObject, change: Record<string, unknown> = {}): KubeObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: '99', ...change } });

describe('DaemonSet controller event handlers', () => {
  it('a DaemonSet change queues it; a deleted one forgets its expectations', () => {
    const h = handlers();
    h.ds.onAdd?.(daemonSet(), false, undefined);
    h.ds.onDelete?.(daemonSet(), undefined);
    expect(h.queued).toEqual(['ns/web', 'ns/web']);
    expect(h.forgotten).toEqual(['ns/web']);
  });

  it('a pod queues the DaemonSet that controls it (same uid); an orphan every DaemonSet selecting it; a resync nothing', () => {
    const h = handlers();
    h.dependent.onAdd?.(daemonPod('p', 'a'), false, undefined);
    h.dependent.onAdd?.(daemonPod('stranger', 'a', { owner: false }), false, undefined);
    const impostor = { ...daemonPod('q', 'a'), metadata: { ...daemonPod('q', 'a').metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'web', uid: 'old-uid', controller: true }] } };
    h.dependent.onAdd?.(impostor, false, undefined);
    h.dependent.onUpdate?.(daemonPod('p', 'a'), daemonPod('p', 'a'), undefined);
    h.dependent.onUpdate?.(daemonPod('p', 'a'), bumped(daemonPod('p', 'a')), undefined);
    h.dependent.onDelete?.(daemonPod('p', 'a'), undefined);
    expect(h.queued).toEqual(['ns/web', 'ns/web', 'ns/web', 'ns/web']);
  });

  it('a node queues the DaemonSets that should run on it, and those whose verdict its change flips', () => {
    const h = handlers();
    h.node.onAdd?.(node('a'), false, undefined);
    expect(h.queued).toEqual(['ns/web']);
    h.queued.length = 0;
    h.node.onUpdate?.(node('a'), bumped(node('a', { labels: { role: 'db' } })), undefined);
    expect(h.queued).toEqual(['ns/db']);
    h.queued.length = 0;
    h.node.onUpdate?.(node('a'), bumped(node('a', { taints: [{ key: 'x', effect: 'NoExecute' }] })), undefined);
    expect(h.queued).toEqual(['ns/web']);
    h.queued.length = 0;
    h.node.onUpdate?.(node('a'), bumped(node('a')), undefined);
    expect(h.queued).toEqual([]);
  });
});
