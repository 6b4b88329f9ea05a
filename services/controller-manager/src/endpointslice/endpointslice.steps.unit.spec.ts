import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it, vi } from 'vitest';
import { MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from './desired-endpoints.js';
import { podEventHandler, serviceEventHandler, sliceEventHandler } from './endpointslice.event-handlers.js';
import { reconcileService, type ReconcileServiceDeps } from './endpointslice.reconcile-service.js';
import { SliceTracker } from './slice-tracker.js';

const service = (name = 'web', uid = 'svc-uid'): KubeObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'ns', uid }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
});
const pod = (name: string, labels: Record<string, string> = { app: 'web' }, ip = '10.0.0.1', ready = true): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', uid: `${name}-uid`, labels }, spec: {},
  status: { podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const slice = (name: string, rv: string, ownerUid = 'svc-uid', endpoints: unknown[] = []): KubeObject => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
  metadata: { name, namespace: 'ns', uid: `${name}-uid`, resourceVersion: rv, labels: { [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: MANAGED_BY }, ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: ownerUid, controller: true }] },
  addressType: 'IPv4', endpoints, ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
});
const conflict = Object.assign(new Error('conflict'), { code: 409 });

type Fakes = ReturnType<typeof fakes>;

function fakes(state: { services?: KubeObject[]; pods?: KubeObject[]; slices?: KubeObject[] }) {
  let rv = 100;
  return {
    getService: (ns: string, name: string) => state.services?.find((s) => s.metadata?.namespace === ns && s.metadata?.name === name),
    listPods: () => state.pods ?? [],
    listSlices: () => state.slices ?? [],
    tracker: new SliceTracker(),
    createSlice: vi.fn<ReconcileServiceDeps['createSlice']>(async (s) => ({ ...s, metadata: { ...s.metadata, name: 'web-abcde', resourceVersion: String(++rv) } })),
    updateSlice: vi.fn<ReconcileServiceDeps['updateSlice']>(async (s) => ({ ...s, metadata: { ...s.metadata, resourceVersion: String(++rv) } })),
    deleteSlice: vi.fn<ReconcileServiceDeps['deleteSlice']>(async () => undefined),
    isConflict: (err: unknown) => (err as { code?: number }).code === 409,
    isNotFound: (err: unknown) => (err as { code?: number }).code === 404,
    log: () => undefined,
  } satisfies ReconcileServiceDeps;
}

function given(state: Parameters<typeof fakes>[0], overrides: Partial<Fakes> = {}): Fakes {
  return { ...fakes(state), ...overrides };
}

describe('reconcileService', () => {
  it('creates one slice with the ready endpoints of the selected pods', async () => {
    const deps = given({ services: [service()], pods: [pod('a'), pod('b', { app: 'web' }, '10.0.0.2', false), pod('x', { app: 'other' }, '10.0.0.9')] });
    expect(await reconcileService('ns/web', deps)).toBe('continue');
    expect(deps.createSlice).toHaveBeenCalledTimes(1);
    const created = deps.createSlice.mock.calls[0]![0];
    expect(created.metadata).toMatchObject({ generateName: 'web-', namespace: 'ns' });
    expect((created['endpoints'] as Array<{ addresses: string[]; conditions: { ready: boolean } }>).map((e) => [e.addresses[0], e.conditions.ready])).toEqual([['10.0.0.1', true], ['10.0.0.2', false]]);
    expect(created['ports']).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('waits for the informer to show its own create before deciding again (no second slice from a stale cache)', async () => {
    const state = { services: [service()], pods: [pod('a')], slices: [] as KubeObject[] };
    const deps = given(state);
    await reconcileService('ns/web', deps);
    expect(await reconcileService('ns/web', deps)).toBe('continue');
    expect(deps.createSlice).toHaveBeenCalledTimes(1);
    // The slice arrives in the cache: decided again, nothing to write.
    state.slices = [{ ...(await deps.createSlice.mock.results[0]!.value), metadata: { ...(await deps.createSlice.mock.results[0]!.value).metadata, uid: 'u' } }];
    expect(await reconcileService('ns/web', deps)).toBe('continue');
    expect(deps.createSlice).toHaveBeenCalledTimes(1);
    expect(deps.updateSlice).not.toHaveBeenCalled();
  });

  it('updates a slice whose endpoints changed, with its resourceVersion; a 409 requeues', async () => {
    const old = slice('web-abcde', '7', 'svc-uid', [{ addresses: ['10.0.0.1'], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'a-uid' } }]);
    const deps = given({ services: [service()], pods: [pod('a', { app: 'web' }, '10.0.0.1', false)], slices: [old] });
    expect(await reconcileService('ns/web', deps)).toBe('continue');
    expect(deps.updateSlice.mock.calls[0]![0].metadata).toMatchObject({ name: 'web-abcde', resourceVersion: '7' });

    const failing = given({ services: [service()], pods: [pod('a', { app: 'web' }, '10.0.0.1', false)], slices: [old] }, { updateSlice: vi.fn<ReconcileServiceDeps['updateSlice']>(async () => Promise.reject(conflict)) });
    expect(await reconcileService('ns/web', failing)).toBe('requeue');
  });

  it('deletes every slice of a deleted Service, and slices owned by an earlier Service of the same name', async () => {
    const gone = given({ slices: [slice('web-1', '5'), slice('web-2', '6')] });
    expect(await reconcileService('ns/web', gone)).toBe('continue');
    expect(gone.deleteSlice.mock.calls).toEqual([['ns', 'web-1', 'web-1-uid'], ['ns', 'web-2', 'web-2-uid']]);

    const recreated = given({ services: [service('web', 'new-uid')], pods: [pod('a')], slices: [slice('web-1', '5', 'old-uid')] });
    await reconcileService('ns/web', recreated);
    expect(recreated.deleteSlice).toHaveBeenCalledWith('ns', 'web-1', 'web-1-uid');
    expect(recreated.createSlice.mock.calls[0]![0].metadata?.['ownerReferences']).toMatchObject([{ uid: 'new-uid' }]);
  });

  it('ignores a slice already deleted, and throws other errors for the queue to retry', async () => {
    const notFound = given({ slices: [slice('web-1', '5')] }, { deleteSlice: vi.fn<ReconcileServiceDeps['deleteSlice']>(async () => Promise.reject(Object.assign(new Error('gone'), { code: 404 }))) });
    expect(await reconcileService('ns/web', notFound)).toBe('continue');
    const broken = given({ services: [service()], pods: [pod('a')] }, { createSlice: vi.fn<ReconcileServiceDeps['createSlice']>(async () => Promise.reject(new Error('boom'))) });
    await expect(reconcileService('ns/web', broken)).rejects.toThrow('boom');
  });
});

describe('SliceTracker', () => {
  it('is caught up once the cache holds our resourceVersion (or newer) and no longer holds what we deleted', () => {
    const tracker = new SliceTracker();
    expect(tracker.caughtUp('ns/web', [])).toBe(true);
    tracker.wrote('ns/web', slice('web-1', '10'));
    tracker.deleted('ns/web', 'web-0');
    expect(tracker.caughtUp('ns/web', [slice('web-1', '9'), slice('web-0', '3')])).toBe(false);
    expect(tracker.caughtUp('ns/web', [slice('web-1', '11'), slice('web-0', '3')])).toBe(false);
    expect(tracker.caughtUp('ns/web', [slice('web-1', '11')])).toBe(true);
    expect(tracker.caughtUp('ns/web', [])).toBe(true); // met expectations are forgotten
  });
});

describe('the event handlers', () => {
  it('queue a Service for itself, for a pod that matches its selector before or after, and for its slices', () => {
    const keys: string[] = [];
    const enqueue = (k: string) => keys.push(k);
    serviceEventHandler(enqueue).onDelete!(service());
    const services = [service('web'), service('api'), { ...service('headless'), spec: {} }];
    (services[1]!['spec'] as { selector: Record<string, string> }).selector = { app: 'api' };
    const pods = podEventHandler({ listServices: () => services, enqueue });
    pods.onAdd!(pod('a'), false);
    const before = pod('b', { app: 'web' });
    pods.onUpdate!(before, pod('b', { app: 'api' }));
    pods.onUpdate!(before, before); // resync
    sliceEventHandler(enqueue).onAdd!(slice('web-1', '1'), false);
    expect(keys).toEqual(['ns/web', 'ns/web', 'ns/web', 'ns/api', 'ns/web']);
  });
});
