import { encodeToken } from '@kubeledger/api';
import { filterSubject, type SubjectFilter } from './subjects.js';

/**
 * Who may do what on NATS (DESIGN §3), in one place: each component connects as its own user, the
 * apiserver's relay alone publishes to the stream, and every other user may create consumers only
 * on the filters below. `natsServerConfig` renders the whole nats-server configuration from it for
 * `npm start`, compose and the tests. Pure: no I/O.
 *
 * How a consumer is pinned to its filter (verified on nats-server 2.9.10, see
 * nats-permissions.int.spec.ts): `subscribeEvents` creates every consumer through the extended
 * create subject `$JS.API.CONSUMER.CREATE.<stream>.<name>.<filter>`, and the server refuses a
 * request whose body's `filter_subject` differs from the filter in the subject (err 10131, also
 * when the body has none). So `publish` permission on `$JS.API.CONSUMER.CREATE.<stream>.*.<filter>`
 * allows exactly the consumers on `<filter>` or on a narrower filter of the same shape (a `*` in
 * the permission also matches a concrete token); the legacy `CONSUMER.CREATE.<stream>` and the
 * name-only form, which take any filter from the body, are not granted.
 *
 * Subjects a consuming user needs: `$JS.API.INFO` (nats.js `jetstreamManager` checks the account),
 * the create subjects above, `CONSUMER.INFO|DELETE|MSG.NEXT.<stream>.*` and its own inbox, where
 * replies and pulled messages arrive. It needs no `$JS.ACK` (ack policy none) and no stream info.
 *
 * Not granted to anyone but the apiserver, and why:
 * - `<prefix>.>` publish: the stream stores whatever is published there; explicitly denied to the
 *   others so that a wider allow added later cannot grant it.
 * - `STREAM.INFO.<stream>`: its `subjects_filter` request lists every subject in the stream, i.e.
 *   the namespace and name of every object (Secrets included) of every node.
 * Denied to every user, apiserver included (no code path needs them; deny wins over any allow):
 * `STREAM.MSG.GET` and `DIRECT.GET` (read any message by sequence or subject), `STREAM.DELETE`,
 * `STREAM.PURGE`, `STREAM.MSG.DELETE`; and core subscriptions to `<prefix>.>`, which would receive
 * the relay's publishes live, bypassing the consumer filters.
 *
 * Each user subscribes only under its own inbox prefix (`_INBOX.<user>`; `connectBus` sets nats.js
 * `inboxPrefix` from the user name), so no user can read the replies and deliveries of another.
 *
 * What remains: `CONSUMER.INFO|DELETE|MSG.NEXT` cannot be pinned to the user's own consumers
 * (consumer names are one token, chosen per subscription); a user that learnt another user's
 * consumer name could pull from it or delete it. Names are random (nuid) and nobody may list
 * consumers (`CONSUMER.LIST|NAMES`) or subscribe to advisories (`$JS.EVENT.>`), which carry them.
 */

/** The components that connect to NATS. */
export const NatsComponents = ['apiserver', 'scheduler', 'controller-manager', 'proxy', 'kubelet'] as const;
export type NatsComponent = (typeof NatsComponents)[number];

/**
 * What each component reads from the stream, as consumer filters (DESIGN §5):
 * - apiserver: everything (the watch cache serves every resource).
 * - controller-manager: everything. Its garbage collector must see every object's ownerReferences,
 *   Secrets included (upstream `system:controller:generic-garbage-collector` may get/list/watch
 *   `*` in `*`), and the namespace and serviceaccount-token controllers act on Secrets too.
 * - scheduler: pods and nodes.
 * - proxy: services and endpointslices.
 * - kubelet: the pods bound to its node and its own Node; ConfigMaps and Secrets its pods use it
 *   reads over REST, where the Node authorizer checks them.
 */
export function streamReads(component: NatsComponent, node?: string): readonly SubjectFilter[] {
  switch (component) {
    case 'apiserver':
    case 'controller-manager':
      return [{}];
    case 'scheduler':
      return [
        { group: '', resource: 'pods' },
        { group: '', resource: 'nodes' },
      ];
    case 'proxy':
      return [
        { group: '', resource: 'services' },
        { group: 'discovery.k8s.io', resource: 'endpointslices' },
      ];
    case 'kubelet': {
      if (node === undefined) throw new Error('a kubelet reads the stream for one node: give its name');
      return [
        { group: '', resource: 'pods', node },
        { group: '', resource: 'nodes', name: node },
      ];
    }
    default: {
      const never: never = component;
      throw new Error(`unknown component ${String(never)}`);
    }
  }
}

/** The NATS user of a component: `kubeledger-<component>`, `kubeledger-kubelet-<node>` for a kubelet. */
export function natsUserName(component: NatsComponent, node?: string): string {
  if (component !== 'kubelet') return `kubeledger-${component}`;
  if (node === undefined) throw new Error('a kubelet user needs its node name');
  return `kubeledger-kubelet-${node}`;
}

/** The inbox prefix a user's connection must use (nats.js `inboxPrefix`): the only subjects it may subscribe to are under it. */
export function inboxPrefixFor(user: string): string {
  return `_INBOX.${encodeToken(user)}`;
}

/** The JetStream API subjects of one stream (nats-server 2.9 and newer). */
export function jetStreamApiSubjects(stream: string) {
  const api = '$JS.API';
  return {
    accountInfo: `${api}.INFO`,
    streamCreate: `${api}.STREAM.CREATE.${stream}`,
    streamUpdate: `${api}.STREAM.UPDATE.${stream}`,
    streamInfo: `${api}.STREAM.INFO.${stream}`,
    streamDelete: `${api}.STREAM.DELETE.${stream}`,
    streamPurge: `${api}.STREAM.PURGE.${stream}`,
    msgGet: `${api}.STREAM.MSG.GET.${stream}`,
    msgDelete: `${api}.STREAM.MSG.DELETE.${stream}`,
    /** 2.9 direct get; 2.10+ also takes the subject in the API subject (`DIRECT.GET.<stream>.<subject>`). */
    directGet: `${api}.DIRECT.GET.${stream}`,
    directGetBySubject: `${api}.DIRECT.GET.${stream}.>`,
    /** Consumer creation pinned to `filter` (the extended create subject with any consumer name). */
    consumerCreate: (filter: string) => `${api}.CONSUMER.CREATE.${stream}.*.${filter}`,
    consumerInfo: `${api}.CONSUMER.INFO.${stream}.*`,
    consumerDelete: `${api}.CONSUMER.DELETE.${stream}.*`,
    consumerNext: `${api}.CONSUMER.MSG.NEXT.${stream}.*`,
  } as const;
}

export interface NatsPermissionList {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

export interface NatsPermissions {
  readonly publish: NatsPermissionList;
  readonly subscribe: NatsPermissionList;
}

export interface NatsUser {
  readonly user: string;
  /** As written to the server config: plain text, or a bcrypt hash (`$2a$…`, nats-server's convention). */
  readonly password: string;
  readonly component: NatsComponent;
  /** The kubelet's node. */
  readonly node?: string;
  /** The nats.js `inboxPrefix` this user must connect with. */
  readonly inboxPrefix: string;
  /** The filter subjects it may create consumers on (each also allows narrower filters of the same shape). */
  readonly reads: readonly string[];
  /** True for the one user that may publish to the stream (the apiserver's relay). */
  readonly publishesEvents: boolean;
  readonly permissions: NatsPermissions;
}

export interface NatsUsersOptions {
  /** First token of every event subject (`BusConfig.prefix`). */
  readonly prefix: string;
  /** The stream's name (`BusConfig.stream`). */
  readonly stream: string;
  /** One kubelet user per node. */
  readonly nodes: readonly string[];
  /** Each user's password as the server config holds it (plain text or a bcrypt hash). */
  readonly passwords: (user: string) => string;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Every NATS user of a deployment with its permissions: the apiserver, scheduler, controller-manager, proxy, and one kubelet per node. */
export function natsUsers(options: NatsUsersOptions): readonly NatsUser[] {
  const { prefix, stream } = options;
  if (!/^[A-Za-z0-9-]+$/.test(prefix)) throw new Error(`bus prefix must be one subject token of [A-Za-z0-9-]: ${JSON.stringify(prefix)}`);
  if (!/^[A-Za-z0-9_-]+$/.test(stream)) throw new Error(`bus stream name must match [A-Za-z0-9_-]+: ${JSON.stringify(stream)}`);
  const seen = new Set<string>();
  for (const node of options.nodes) {
    if (node.length > 253 || !DNS_SUBDOMAIN.test(node)) throw new Error(`node name must be a DNS subdomain: ${JSON.stringify(node)}`);
    if (seen.has(node)) throw new Error(`node ${JSON.stringify(node)} is listed twice`);
    seen.add(node);
  }
  const identities: Array<{ component: NatsComponent; node?: string }> = [
    { component: 'apiserver' },
    { component: 'scheduler' },
    { component: 'controller-manager' },
    { component: 'proxy' },
    ...options.nodes.map((node) => ({ component: 'kubelet' as const, node })),
  ];
  return identities.map(({ component, node }) => {
    const user = natsUserName(component, node);
    const password = options.passwords(user);
    if (password === '' || /[\u0000-\u001f\u007f]/u.test(password)) throw new Error(`password of ${user} must be non-empty without control characters`);
    const inboxPrefix = inboxPrefixFor(user);
    const reads = streamReads(component, node).map((f) => filterSubject(prefix, f));
    const publishesEvents = component === 'apiserver';
    return {
      user,
      password,
      component,
      ...(node !== undefined && { node }),
      inboxPrefix,
      reads,
      publishesEvents,
      permissions: permissionsOf({ prefix, stream, inboxPrefix, reads, publishesEvents }),
    };
  });
}

function permissionsOf(p: { prefix: string; stream: string; inboxPrefix: string; reads: readonly string[]; publishesEvents: boolean }): NatsPermissions {
  const api = jetStreamApiSubjects(p.stream);
  const events = `${p.prefix}.>`;
  const consume = [api.accountInfo, ...p.reads.map(api.consumerCreate), api.consumerInfo, api.consumerDelete, api.consumerNext];
  // The relay publishes the events and keeps the stream's settings (ensureStream: info, create, update).
  const relay = p.publishesEvents ? [events, api.streamInfo, api.streamCreate, api.streamUpdate] : [];
  const neverPublish = [api.msgGet, api.directGet, api.directGetBySubject, api.msgDelete, api.streamPurge, api.streamDelete];
  return {
    publish: { allow: [...relay, ...consume], deny: [...(p.publishesEvents ? [] : [events]), ...neverPublish] },
    subscribe: { allow: [`${p.inboxPrefix}.>`], deny: [events] },
  };
}

export interface NatsServerConfigOptions extends NatsUsersOptions {
  /** Client port (default 4222; -1 lets the server pick a free one and log it). */
  readonly port?: number;
  /** Listen address (default 127.0.0.1; 0.0.0.0 in a container). */
  readonly host?: string;
  /** JetStream's store directory. */
  readonly storeDir: string;
}

/**
 * A complete nats-server configuration (2.9 syntax, valid for newer servers): listen address,
 * JetStream with its store, and every user of {@link natsUsers} with its permissions.
 */
export function natsServerConfig(options: NatsServerConfigOptions): string {
  const port = options.port ?? 4222;
  if (!Number.isInteger(port) || port < -1 || port > 65535) throw new Error(`invalid NATS port ${port}`);
  const host = options.host ?? '127.0.0.1';
  const lines = [
    '# nats-server configuration for kubeledger, generated by natsServerConfig() in libs/bus/src/nats-permissions.ts.',
    '# Do not edit: change the permission table there and generate it again.',
    `listen: ${quote(`${host}:${port}`)}`,
    'jetstream {',
    `  store_dir: ${quote(options.storeDir)}`,
    '}',
    'authorization {',
    '  users: [',
  ];
  for (const u of natsUsers(options)) {
    lines.push(
      '    {',
      `      user: ${quote(u.user)}`,
      `      password: ${quote(u.password)}`,
      '      permissions: {',
      ...list('publish', u.permissions.publish),
      ...list('subscribe', u.permissions.subscribe),
      '      }',
      '    }',
    );
  }
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

function list(name: string, permissions: NatsPermissionList): string[] {
  const array = (key: string, subjects: readonly string[]) => [`          ${key}: [`, ...subjects.map((s) => `            ${quote(s)}`), '          ]'];
  return [`        ${name}: {`, ...array('allow', permissions.allow), ...(permissions.deny.length > 0 ? array('deny', permissions.deny) : []), '        }'];
}

/** A double-quoted config string: `$` stays literal inside quotes (no variable reference); `"` and `\` are escaped. */
function quote(value: string): string {
  if (/[\u0000-\u001f\u007f]/u.test(value)) throw new Error(`cannot write a control character into the NATS config: ${JSON.stringify(value)}`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
