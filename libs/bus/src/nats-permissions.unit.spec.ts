import { describe, expect, it } from 'vitest';
import { inboxPrefixFor, natsServerConfig, natsUserName, natsUsers, type NatsUser } from './nats-permissions.js';

const options = { prefix: 'k8s', stream: 'K8S', nodes: ['n1', 'node-2.example.com'], passwords: (user: string) => `pw-${user}` };
const byName = (users: readonly NatsUser[], name: string) => users.find((u) => u.user === name)!;

describe('natsUsers', () => {
  const users = natsUsers(options);

  it('has one user per component and one per kubelet node', () => {
    expect(users.map((u) => u.user)).toEqual([
      'kubeledger-apiserver',
      'kubeledger-scheduler',
      'kubeledger-controller-manager',
      'kubeledger-proxy',
      'kubeledger-kubelet-n1',
      'kubeledger-kubelet-node-2.example.com',
    ]);
    expect(natsUserName('kubelet', 'n1')).toBe('kubeledger-kubelet-n1');
    expect(users.every((u) => u.password === `pw-${u.user}`)).toBe(true);
  });

  it('lets only the apiserver publish to the stream and keep its settings', () => {
    const api = byName(users, 'kubeledger-apiserver');
    expect(api.publishesEvents).toBe(true);
    expect(api.permissions.publish.allow).toEqual(
      expect.arrayContaining(['k8s.>', '$JS.API.STREAM.INFO.K8S', '$JS.API.STREAM.CREATE.K8S', '$JS.API.STREAM.UPDATE.K8S']),
    );
    expect(api.permissions.publish.deny).not.toContain('k8s.>');
    for (const u of users.filter((x) => x.component !== 'apiserver')) {
      expect(u.publishesEvents).toBe(false);
      expect(u.permissions.publish.allow.some((s) => s.startsWith('k8s.') || s.startsWith('$JS.API.STREAM.'))).toBe(false);
      expect(u.permissions.publish.deny).toContain('k8s.>');
    }
  });

  it('pins every consumer to its filters through the extended create subject', () => {
    const creates = (name: string) => byName(users, name).permissions.publish.allow.filter((s) => s.startsWith('$JS.API.CONSUMER.CREATE.'));
    expect(creates('kubeledger-apiserver')).toEqual(['$JS.API.CONSUMER.CREATE.K8S.*.k8s.>']);
    expect(creates('kubeledger-controller-manager')).toEqual(['$JS.API.CONSUMER.CREATE.K8S.*.k8s.>']);
    expect(creates('kubeledger-scheduler')).toEqual(['$JS.API.CONSUMER.CREATE.K8S.*.k8s._.pods.*.*.*', '$JS.API.CONSUMER.CREATE.K8S.*.k8s._.nodes.*.*.*']);
    expect(creates('kubeledger-proxy')).toEqual([
      '$JS.API.CONSUMER.CREATE.K8S.*.k8s._.services.*.*.*',
      '$JS.API.CONSUMER.CREATE.K8S.*.k8s.discovery%2Ek8s%2Eio.endpointslices.*.*.*',
    ]);
    expect(creates('kubeledger-kubelet-n1')).toEqual(['$JS.API.CONSUMER.CREATE.K8S.*.k8s._.pods.*.*.n1', '$JS.API.CONSUMER.CREATE.K8S.*.k8s._.nodes.*.n1.*']);
    expect(creates('kubeledger-kubelet-node-2.example.com')).toEqual([
      '$JS.API.CONSUMER.CREATE.K8S.*.k8s._.pods.*.*.node-2%2Eexample%2Ecom',
      '$JS.API.CONSUMER.CREATE.K8S.*.k8s._.nodes.*.node-2%2Eexample%2Ecom.*',
    ]);
    // Never the forms that take the filter from the body alone.
    for (const u of users) {
      expect(u.permissions.publish.allow).not.toContain('$JS.API.CONSUMER.CREATE.K8S');
      expect(u.permissions.publish.allow).not.toContain('$JS.API.CONSUMER.CREATE.K8S.*');
      expect(u.permissions.publish.allow).not.toContain('$JS.API.CONSUMER.CREATE.K8S.>');
      expect(u.permissions.publish.allow.some((s) => s.includes('DURABLE'))).toBe(false);
    }
  });

  it('denies reading messages around the consumers to everyone, and core subscriptions to the stream subjects', () => {
    for (const u of users) {
      expect(u.permissions.publish.deny).toEqual(
        expect.arrayContaining(['$JS.API.STREAM.MSG.GET.K8S', '$JS.API.DIRECT.GET.K8S', '$JS.API.DIRECT.GET.K8S.>', '$JS.API.STREAM.PURGE.K8S', '$JS.API.STREAM.DELETE.K8S']),
      );
      expect(u.permissions.publish.allow.some((s) => s.includes('MSG.GET') || s.includes('DIRECT') || s.includes('$JS.ACK') || s.includes('LIST') || s.includes('NAMES'))).toBe(false);
      expect(u.permissions.subscribe).toEqual({ allow: [`${u.inboxPrefix}.>`], deny: ['k8s.>'] });
    }
  });

  it('gives each user an inbox prefix of its own, one token whatever the node name', () => {
    expect(inboxPrefixFor('kubeledger-kubelet-n1')).toBe('_INBOX.kubeledger-kubelet-n1');
    expect(byName(users, 'kubeledger-kubelet-node-2.example.com').inboxPrefix).toBe('_INBOX.kubeledger-kubelet-node-2%2Eexample%2Ecom');
    expect(new Set(users.map((u) => u.inboxPrefix)).size).toBe(users.length);
  });

  it('refuses node names that are not DNS subdomains, duplicates, and bad prefixes or passwords', () => {
    expect(() => natsUsers({ ...options, nodes: ['N1'] })).toThrow(/DNS subdomain/);
    expect(() => natsUsers({ ...options, nodes: ['a*b'] })).toThrow(/DNS subdomain/);
    expect(() => natsUsers({ ...options, nodes: ['n1', 'n1'] })).toThrow(/twice/);
    expect(() => natsUsers({ ...options, prefix: 'a.b' })).toThrow(/prefix/);
    expect(() => natsUsers({ ...options, passwords: () => 'a\nb' })).toThrow(/control/);
    expect(() => natsUsers({ ...options, passwords: () => '' })).toThrow(/non-empty/);
  });
});

describe('natsServerConfig', () => {
  const text = natsServerConfig({ ...options, storeDir: '/var/lib/kubeledger/nats', passwords: (u) => (u === 'kubeledger-proxy' ? 'a"b\\c$d' : `pw-${u}`) });
  const lines = text.split('\n').map((l) => l.trim());

  it('listens where asked, with JetStream on the store directory', () => {
    expect(lines).toContain('listen: "127.0.0.1:4222"');
    expect(lines).toContain('store_dir: "/var/lib/kubeledger/nats"');
    expect(natsServerConfig({ ...options, storeDir: '/s', host: '0.0.0.0', port: -1 })).toContain('listen: "0.0.0.0:-1"');
    expect(() => natsServerConfig({ ...options, storeDir: '/s', port: 70000 })).toThrow(/port/);
  });

  it('writes every user with its password, quoted so that $ stays literal and quotes are escaped', () => {
    for (const u of natsUsers(options)) expect(lines).toContain(`user: "${u.user}"`);
    expect(lines).toContain('password: "pw-kubeledger-kubelet-n1"');
    expect(lines).toContain('password: "a\\"b\\\\c$d"');
    expect(lines).toContain('"$JS.API.CONSUMER.CREATE.K8S.*.k8s._.pods.*.*.n1"');
    expect(() => natsServerConfig({ ...options, storeDir: '/a\nb' })).toThrow(/control character/);
  });

  it('holds each user permissions block in order: publish allow/deny, subscribe allow/deny', () => {
    const kubelet = text.slice(text.indexOf('user: "kubeledger-kubelet-n1"'));
    const block = kubelet.slice(0, kubelet.indexOf('\n    }'));
    const order = ['publish: {', 'allow: [', '"$JS.API.INFO"', 'deny: [', '"k8s.>"', 'subscribe: {', '"_INBOX.kubeledger-kubelet-n1.>"'];
    let at = 0;
    for (const piece of order) {
      const i = block.indexOf(piece, at);
      expect(i, piece).toBeGreaterThanOrEqual(0);
      at = i;
    }
    expect(block).not.toContain('secrets');
    expect(block).not.toContain('.n2');
    expect(block).not.toContain('STREAM.INFO');
  });
});
