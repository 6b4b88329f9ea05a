import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nanos } from '@nats-io/nats-core';
import type { ObjectRef, Revision } from '@kubeledger/api';
import type { BusEvent } from './bus-event.js';
import { connectBus, type BusConnection } from './connect.js';
import { subscribeEvents } from './consumer.js';
import { Relay } from './relay.js';
import { ensureStream, readStreamBounds } from './stream.js';
import { filterSubject, subjectFor, type SubjectFilter } from './subjects.js';
import { InMemoryLeaderLock, InMemoryRelaySource, readStreamMessages, startNatsServer, waitUntil, type TestNatsServer } from './testing.js';

// Every component's NATS user, with the permissions natsServerConfig generates, against a real
// nats-server of the test's own (the shared one on 4222 runs without authorization).

const pod = (namespace: string, name: string): ObjectRef => ({ group: '', resource: 'pods', namespace, name });
const node = (name: string): ObjectRef => ({ group: '', resource: 'nodes', namespace: '', name });
const secret = (namespace: string, name: string): ObjectRef => ({ group: '', resource: 'secrets', namespace, name });
const service = (namespace: string, name: string): ObjectRef => ({ group: '', resource: 'services', namespace, name });
const slice = (namespace: string, name: string): ObjectRef => ({ group: 'discovery.k8s.io', resource: 'endpointslices', namespace, name });
const configMap = (namespace: string, name: string): ObjectRef => ({ group: '', resource: 'configmaps', namespace, name });

const APISERVER = 'kubeledger-apiserver';
const SCHEDULER = 'kubeledger-scheduler';
const CONTROLLER_MANAGER = 'kubeledger-controller-manager';
const PROXY = 'kubeledger-proxy';
const KUBELET_N1 = 'kubeledger-kubelet-n1';
const KUBELET_N2 = 'kubeledger-kubelet-n2';
const COMPONENTS = [SCHEDULER, CONTROLLER_MANAGER, PROXY, KUBELET_N1, KUBELET_N2];

const PERMISSION_DENIED = /Permissions Violation/;

describe('NATS permissions (a nats-server with the generated config)', () => {
  let server: TestNatsServer;
  let relayStop: () => Promise<void>;
  let source: InMemoryRelaySource;
  let head: Revision;
  const conns = new Map<string, BusConnection>();
  const as = (user: string) => conns.get(user)!;

  beforeAll(async () => {
    server = await startNatsServer({ nodes: ['n1', 'n2'] });
    for (const u of server.users) conns.set(u.user, await connectBus(server.busConfig(u.user), { name: u.user }));
    source = new InMemoryRelaySource();
    source.append(
      { ref: pod('default', 'web-1'), node: 'n1' }, // 1
      { ref: pod('default', 'web-2'), node: 'n2' }, // 2
      { ref: secret('default', 'db-password') }, // 3
      { ref: node('n1') }, // 4
      { ref: node('n2') }, // 5
      { ref: service('default', 'web') }, // 6
      { ref: slice('default', 'web-abcde') }, // 7
      { ref: configMap('default', 'settings') }, // 8
      { ref: pod('default', 'pending') }, // 9: unscheduled
      { ref: pod('kube-system', 'dns-1'), node: 'n1', type: 'MODIFIED' }, // 10
    );
    head = source.head;
    // The relay connects as the apiserver: it creates the stream and publishes.
    const relay = new Relay({ bus: as(APISERVER), source, lock: new InMemoryLeaderLock(), holder: 'permissions-test', idlePollMs: 2 });
    const running = relay.start();
    relayStop = async () => void (await relay.stop(), await running);
    await waitUntil(async () => (await readStreamBounds(as(APISERVER)).catch(() => ({ lastRevision: 0 }))).lastRevision === head, 20_000, `the relay to publish ${head} revisions`);
  });

  afterAll(async () => {
    await relayStop?.();
    await Promise.all([...conns.values()].map((c) => c.close()));
    await server?.stop();
  });

  /** Every event matching `filter` the user can read, from revision 0 to the head. */
  async function read(user: string, filter?: SubjectFilter): Promise<Array<[Revision, string]>> {
    const events = await consumeUntilHead(user, filter);
    return events.map((e) => [e.revision, subjectFor('k8s', e.ref, e.node)]);
  }

  async function consumeUntilHead(user: string, filter?: SubjectFilter): Promise<BusEvent[]> {
    let position = 0;
    const sub = await subscribeEvents(as(user), { fromRevision: 0, ...(filter && { filter }), onPosition: (r) => (position = r) });
    const out: BusEvent[] = [];
    const iterating = (async () => {
      for await (const event of sub) out.push(event);
    })();
    try {
      // A filtered consumer reports no position for what it does not receive: wait for the last matching revision.
      const pattern = filterSubject('k8s', filter);
      const lastMatching = Math.max(0, ...(await readStreamMessages(as(APISERVER))).filter((m) => matches(pattern, m.subject)).map((m) => m.seq));
      await waitUntil(() => position >= lastMatching, 10_000, `${user} to read up to revision ${lastMatching}`);
    } finally {
      await sub.close();
      await iterating.catch(() => undefined);
    }
    return out;
  }

  it('lets a kubelet read the pods bound to its node and its own Node, and nothing else', async () => {
    expect(await read(KUBELET_N1, { group: '', resource: 'pods', node: 'n1' })).toEqual([
      [1, 'k8s._.pods.default.web-1.n1'],
      [10, 'k8s._.pods.kube-system.dns-1.n1'],
    ]);
    expect(await read(KUBELET_N1, { group: '', resource: 'nodes', name: 'n1' })).toEqual([[4, 'k8s._.nodes._.n1._']]);
    // A narrower filter of the same shape is allowed too.
    expect(await read(KUBELET_N1, { group: '', resource: 'pods', namespace: 'kube-system', node: 'n1' })).toEqual([[10, 'k8s._.pods.kube-system.dns-1.n1']]);
    expect(await read(KUBELET_N2, { group: '', resource: 'pods', node: 'n2' })).toEqual([[2, 'k8s._.pods.default.web-2.n2']]);
  });

  it('refuses a kubelet a consumer on Secrets, on other nodes pods or Nodes, on unscheduled pods, or on everything', async () => {
    const refused: SubjectFilter[] = [
      { group: '', resource: 'secrets' },
      { group: '', resource: 'secrets', namespace: 'default', name: 'db-password' },
      { group: '', resource: 'pods', node: 'n2' },
      { group: '', resource: 'pods', node: '' },
      { group: '', resource: 'pods' },
      { group: '', resource: 'nodes', name: 'n2' },
      { group: '', resource: 'nodes' },
      { resource: 'pods', node: 'n1' }, // any group: wider than its permission
      {},
    ];
    for (const filter of refused) {
      await expect(subscribeEvents(as(KUBELET_N1), { fromRevision: 0, filter }), JSON.stringify(filter)).rejects.toThrow(PERMISSION_DENIED);
    }
    expect(server.log()).toMatch(/Publish Violation - User "kubeledger-kubelet-n1", Subject "\$JS\.API\.CONSUMER\.CREATE\.K8S\.[^.]+\.k8s\._\.secrets\.\*\.\*\.\*"/);
  });

  it('has the server refuse a create whose body filter differs from the one its permission pinned', async () => {
    const nc = as(KUBELET_N1).nc;
    const request = async (subject: string, config: object) =>
      (await nc.request(subject, JSON.stringify({ stream_name: 'K8S', config: { ack_policy: 'none', ...config } }), { timeout: 5_000 })).json<{ error?: { err_code: number } }>();
    // Allowed subject (pods of n1), but the body asks for every event, or names no filter at all.
    expect(await request('$JS.API.CONSUMER.CREATE.K8S.sneaky.k8s._.pods.*.*.n1', { name: 'sneaky', filter_subject: 'k8s.>' })).toMatchObject({ error: { err_code: 10131 } });
    expect(await request('$JS.API.CONSUMER.CREATE.K8S.sneaky.k8s._.pods.*.*.n1', { name: 'sneaky' })).toMatchObject({ error: { err_code: 10131 } });
    // The forms that take the filter from the body alone are not granted.
    await expect(request('$JS.API.CONSUMER.CREATE.K8S.sneaky', { name: 'sneaky', filter_subject: 'k8s._.secrets.*.*.*' })).rejects.toThrow(PERMISSION_DENIED);
    await expect(request('$JS.API.CONSUMER.CREATE.K8S', { filter_subject: 'k8s._.secrets.*.*.*' })).rejects.toThrow(PERMISSION_DENIED);
    await expect(request('$JS.API.CONSUMER.DURABLE.CREATE.K8S.sneaky', { durable_name: 'sneaky', filter_subject: 'k8s.>' })).rejects.toThrow(PERMISSION_DENIED);
  });

  it('refuses every component but the apiserver a core subscription to the stream subjects, and other users inboxes', async () => {
    for (const user of COMPONENTS) {
      for (const subject of ['k8s.>', 'k8s._.secrets.>', 'k8s._.pods.*.*.n1', '>', '_INBOX.>', `_INBOX.${APISERVER}.>`]) {
        const { error, received } = await refusedSubscription(as(user), subject);
        expect(error, `${user} subscribing to ${subject}`).toMatchObject({ message: expect.stringMatching(/Permissions Violation for Subscription/) });
        expect(received).toEqual([]);
      }
    }
  });

  it('receives nothing on a refused core subscription while the relay publishes', async () => {
    const refused = refusedSubscription(as(KUBELET_N1), 'k8s._.pods.*.*.n1', 1_000);
    source.append({ ref: pod('default', 'web-live'), node: 'n1' });
    head = source.head;
    await waitUntil(async () => (await readStreamBounds(as(APISERVER))).lastRevision === head, 10_000, 'the live publish');
    const { error, received } = await refused;
    expect(error).toMatchObject({ message: expect.stringMatching(/Permissions Violation for Subscription/) });
    expect(received).toEqual([]);
  });

  it('refuses components the stream info (which lists every subject), message get and direct get', async () => {
    for (const user of COMPONENTS) {
      const { jsm } = as(user);
      await expect(jsm.streams.info('K8S', { subjects_filter: '>' }), user).rejects.toThrow(PERMISSION_DENIED);
      await expect(jsm.streams.getMessage('K8S', { seq: 3 }), user).rejects.toThrow(PERMISSION_DENIED);
      await expect(jsm.direct.getMessage('K8S', { seq: 3 }), user).rejects.toThrow(PERMISSION_DENIED);
      await expect(jsm.streams.purge('K8S'), user).rejects.toThrow(PERMISSION_DENIED);
      await expect(jsm.streams.delete('K8S'), user).rejects.toThrow(PERMISSION_DENIED);
      await expect(jsm.consumers.list('K8S').next(), user).rejects.toThrow(PERMISSION_DENIED);
    }
    // Not even the apiserver reads single messages around the consumers.
    await expect(as(APISERVER).jsm.streams.getMessage('K8S', { seq: 3 })).rejects.toThrow(PERMISSION_DENIED);
  });

  it('lets no component but the apiserver publish to the stream: nothing lands in it', async () => {
    const before = (await readStreamBounds(as(APISERVER))).lastRevision;
    for (const user of COMPONENTS) {
      const { nc, js } = as(user);
      const subject = subjectFor('k8s', pod('default', `forged-by-${user}`), 'n1');
      nc.publish(subject, JSON.stringify({ forged: true }));
      await expect(js.publish(subject, JSON.stringify({ forged: true }), { msgID: `forged-${user}`, expect: { lastSequence: before } }), user).rejects.toThrow(
        PERMISSION_DENIED,
      );
      await expect(js.publish('k8s._gap', ''), user).rejects.toThrow(PERMISSION_DENIED);
      await nc.flush();
    }
    expect((await readStreamBounds(as(APISERVER))).lastRevision).toBe(before);
    expect((await readStreamMessages(as(APISERVER))).some((m) => m.subject.includes('forged'))).toBe(false);
    expect(server.log()).toMatch(/Publish Violation - User "kubeledger-proxy", Subject "k8s\._\.pods\.default\.forged-by-kubeledger-proxy\.n1"/);
  });

  it('lets the proxy read services and endpointslices, not Secrets or pods', async () => {
    expect(await read(PROXY, { group: '', resource: 'services' })).toEqual([[6, 'k8s._.services.default.web._']]);
    expect(await read(PROXY, { group: 'discovery.k8s.io', resource: 'endpointslices' })).toEqual([[7, 'k8s.discovery%2Ek8s%2Eio.endpointslices.default.web-abcde._']]);
    for (const filter of [{ group: '', resource: 'secrets' }, { group: '', resource: 'pods' }, { group: '', resource: 'configmaps' }, {}]) {
      await expect(subscribeEvents(as(PROXY), { fromRevision: 0, filter }), JSON.stringify(filter)).rejects.toThrow(PERMISSION_DENIED);
    }
  });

  it('lets the scheduler read every pod and node, not Secrets or services', async () => {
    const pods = await read(SCHEDULER, { group: '', resource: 'pods' });
    expect(pods.map(([r]) => r)).toEqual([1, 2, 9, 10, 11]);
    expect(await read(SCHEDULER, { group: '', resource: 'pods', node: '' })).toEqual([[9, 'k8s._.pods.default.pending._']]);
    expect((await read(SCHEDULER, { group: '', resource: 'nodes' })).map(([r]) => r)).toEqual([4, 5]);
    for (const filter of [{ group: '', resource: 'secrets' }, { group: '', resource: 'services' }, {}]) {
      await expect(subscribeEvents(as(SCHEDULER), { fromRevision: 0, filter }), JSON.stringify(filter)).rejects.toThrow(PERMISSION_DENIED);
    }
  });

  it('lets the controller-manager and the apiserver read everything', async () => {
    for (const user of [CONTROLLER_MANAGER, APISERVER]) {
      expect((await read(user)).map(([r]) => r)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(await read(user, { group: '', resource: 'secrets' })).toEqual([[3, 'k8s._.secrets.default.db-password._']]);
    }
  });

  it('lets only the apiserver create the stream and update its settings', async () => {
    const apiserver = await connectBus({ ...server.busConfig(APISERVER), maxAge: 2 * 60 * 60 * 1000 });
    try {
      expect((await ensureStream(apiserver)).config.max_age).toBe(nanos(2 * 60 * 60 * 1000));
    } finally {
      await apiserver.close();
    }
    for (const user of COMPONENTS) await expect(ensureStream(as(user)), user).rejects.toThrow(PERMISSION_DENIED);
    await expect(as(SCHEDULER).jsm.streams.add({ name: 'OTHER', subjects: ['other.>'] })).rejects.toThrow(PERMISSION_DENIED);
  });

  it('refuses a wrong password', async () => {
    await expect(connectBus({ ...server.busConfig(KUBELET_N1), pass: 'wrong' })).rejects.toThrow(/Authorization/i);
    await expect(connectBus({ ...server.busConfig(KUBELET_N1), user: undefined, pass: undefined })).rejects.toThrow(/Authorization/i);
  });
});

describe('a restricted subscription across a nats-server restart', () => {
  it('goes on from its cursor with the same permissions (the consumer is recreated if the restart lost it)', async () => {
    const server = await startNatsServer({ nodes: ['n1'] });
    const api = await connectBus(server.busConfig(APISERVER));
    const kubelet = await connectBus(server.busConfig(KUBELET_N1));
    const source = new InMemoryRelaySource();
    const relay = new Relay({ bus: api, source, lock: new InMemoryLeaderLock(), holder: 'restart-test', idlePollMs: 2 });
    const running = relay.start();
    try {
      source.append(...['a', 'b', 'c'].map((name) => ({ ref: pod('default', name), node: 'n1' })));
      await waitUntil(async () => (await readStreamBounds(api).catch(() => ({ lastRevision: 0 }))).lastRevision === 3, 20_000, 'the relay to publish 3 revisions');
      const sub = await subscribeEvents(kubelet, { fromRevision: 0, filter: { group: '', resource: 'pods', node: 'n1' }, expiresMs: 2_000 });
      const seen: string[] = [];
      const iterating = (async () => {
        for await (const event of sub) {
          seen.push(event.ref.name);
          if (seen.length === 5) break;
        }
      })();
      await waitUntil(() => seen.length === 3, 10_000, 'the first three pods');
      await server.restart();
      source.append({ ref: pod('default', 'other'), node: 'n2' }, ...['d', 'e'].map((name) => ({ ref: pod('default', name), node: 'n1' })));
      await iterating;
      expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    } finally {
      await relay.stop();
      await running;
      await Promise.all([api.close(), kubelet.close()]);
      await server.stop();
    }
  });
});

/** Subscribes to `subject` for up to `timeoutMs`: the error that ended the subscription (undefined if none did) and what it received. */
async function refusedSubscription(conn: BusConnection, subject: string, timeoutMs = 2_000): Promise<{ error: unknown; received: string[] }> {
  const sub = conn.nc.subscribe(subject);
  const received: string[] = [];
  const timer = setTimeout(() => sub.unsubscribe(), timeoutMs);
  try {
    for await (const m of sub) received.push(m.subject);
    return { error: undefined, received };
  } catch (error) {
    return { error, received };
  } finally {
    clearTimeout(timer);
  }
}

/** NATS subject matching: `*` one token, `>` the rest. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const t = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return t.length > i;
    if (i >= t.length || (p[i] !== '*' && p[i] !== t[i])) return false;
  }
  return p.length === t.length;
}
