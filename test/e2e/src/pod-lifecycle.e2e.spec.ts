import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carriesSandbox, isRunning, processesUnder, recordedProcesses } from './support/container-processes.js';
import type { FullStack } from './support/full-stack.js';
import { useFullStack } from './support/use-full-stack.js';
import { eventually } from './support/eventually.js';

interface ContainerStatus {
  readonly restartCount: number;
  readonly containerID?: string;
  readonly state: { running?: object; waiting?: { reason?: string }; terminated?: { exitCode: number; reason?: string } };
}
interface Pod {
  readonly metadata: { readonly name: string; readonly uid: string };
  readonly spec: { readonly nodeName?: string };
  readonly status: {
    readonly phase?: string;
    readonly podIP?: string;
    readonly conditions?: readonly { type: string; status: string; message?: string }[];
    readonly containerStatuses?: readonly ContainerStatus[];
  };
}
interface Slice {
  readonly endpoints?: readonly { addresses: string[]; conditions: { ready?: boolean } }[];
}
interface CoreEvent {
  readonly involvedObject: { name: string };
  readonly reason: string;
  readonly count?: number;
}

const NODE = process.execPath;
/** A tiny HTTP server answering with its pod's name (HOSTNAME), on PORT of POD_IP (every address when unset). */
const SERVER = "require('http').createServer((q,s)=>s.end('hi from '+process.env.HOSTNAME)).listen(Number(process.env.PORT), process.env.POD_IP || undefined)";
const SLEEP = ['sleep', 'infinity'];

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** GET http://host:port/ on a connection of its own: the body, or the error code when nothing answers. */
const httpGet = (host: string, port: number) =>
  new Promise<string>((resolve) => {
    http
      .get({ host, port, path: '/', agent: false, timeout: 2_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve(text));
      })
      .on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy();
      });
  });

const toInt = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const inCidr = (ip: string, cidr: string) => {
  const [network = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(network) / size);
};
const pidOf = (pod: Pod) => Number(/^process:\/\/(\d+)$/.exec(pod.status.containerStatuses?.[0]?.containerID ?? '')?.[1]);
const isReady = (pod: Pod) => pod.status.phase === 'Running' && pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
const podManifest = (name: string, app: string, command: readonly string[], extra: { env?: object[]; requests?: Record<string, string>; nodeSelector?: Record<string, string> } = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app } },
  spec: {
    ...(extra.nodeSelector && { nodeSelector: extra.nodeSelector }),
    containers: [{ name: 'app', image: 'any', command, ...(extra.env && { env: extra.env }), ...(extra.requests && { resources: { requests: extra.requests } }) }],
  },
});

/**
 * The pod lifecycle on a stack as `npm start` runs it — the apiserver, the scheduler, the
 * controller-manager, the proxy and three kubelets on the process runtime, each its own process
 * with its own client certificate — driven by the real kubectl.
 */
describe('pod lifecycle on a full stack (process runtime), through kubectl', () => {
  // CrashLoopBackOff delays of 0.3 s doubling up to 1 s (upstream 10 s up to 5 min), for speed.
  const started = useFullStack({ kubeletEnv: { KUBELEDGER_RESTART_BACKOFF: '0.3', KUBELEDGER_RESTART_BACKOFF_MAX: '1' } });
  let stack: FullStack;
  let manifests: string;
  let written = 0;

  const kubectl = (...args: string[]) => stack.kubectl.ok(...args);
  const getJson = async <T>(...args: string[]): Promise<T> => JSON.parse(await kubectl('get', ...args, '-o', 'json')) as T;
  const pod = (name: string) => getJson<Pod>('pod', name);
  const pods = async (selector: string) => (await getJson<{ items: Pod[] }>('pods', '-l', selector)).items;
  const endpointsOf = async (service: string) =>
    (await getJson<{ items: Slice[] }>('endpointslices', '-l', `kubernetes.io/service-name=${service}`)).items.flatMap((s) => s.endpoints ?? []);
  const readyAddresses = async (service: string) => (await endpointsOf(service)).filter((e) => e.conditions.ready).flatMap((e) => e.addresses).sort();
  /** Writes `objects` as one multi-document YAML manifest, for `kubectl create -f`. */
  const manifest = (objects: object[]) => {
    const file = path.join(manifests, `manifest-${written++}.yaml`);
    writeFileSync(file, objects.map((o) => `---\n${JSON.stringify(o)}\n`).join(''));
    return file;
  };
  const waitPod = (name: string, what: string, check: (p: Pod) => boolean, timeoutMs?: number) =>
    stack.waitFor(`${name}: ${what}`, async () => {
      const p = await pod(name);
      return check(p) && p;
    }, timeoutMs);
  /** Every live container process of a kubelet belongs to a pod that exists on its node and is that pod's current container. */
  const expectNoOrphans = async () => {
    const current = (await getJson<{ items: Pod[] }>('pods', '-A')).items;
    for (const node of stack.nodes) {
      const byUid = new Map(current.filter((p) => p.spec.nodeName === node).map((p) => [p.metadata.uid, p]));
      for (const proc of processesUnder(stack.stateDir(node))) {
        const owner = byUid.get(proc.podUid);
        expect(owner, `process ${proc.pid} under ${node}'s state dir (pod uid ${proc.podUid}) belongs to no pod on ${node}`).toBeDefined();
        expect(pidOf(owner!), `process ${proc.pid} of ${owner!.metadata.name} is not its current container`).toBe(proc.pid);
      }
    }
  };

  beforeAll(() => {
    manifests = mkdtempSync(path.join(os.tmpdir(), 'kl-pod-lifecycle-'));
    stack = started();
  });
  afterAll(() => {
    if (manifests) rmSync(manifests, { recursive: true, force: true });
  });

  it('kubectl run: a server pod Running on a node with an IP of its pod CIDR; kubectl expose: the ClusterIP reaches it; deleting the pod stops its process and empties its endpoints', async () => {
    const nodes = await getJson<{ items: { metadata: { name: string }; spec: { podCIDR?: string } }[] }>('nodes');
    const cidrs = new Map(nodes.items.map((n) => [n.metadata.name, n.spec.podCIDR ?? '']));
    expect([...cidrs.keys()].sort()).toEqual(['node-1', 'node-2', 'node-3']);
    expect(new Set(cidrs.values()).size).toBe(3); // a range of its own each
    for (const cidr of cidrs.values()) expect(inCidr(cidr.split('/')[0]!, '127.128.0.0/10')).toBe(true);

    const port = await freePort();
    await kubectl('run', 'web', '--image=any', `--env=PORT=${port}`, '--command', '--', NODE, '-e', SERVER);
    const web = await waitPod('web', 'Running and Ready', isReady);
    const node = web.spec.nodeName!;
    const ip = web.status.podIP!;
    expect(inCidr(ip, cidrs.get(node)!), `${ip} in ${node}'s ${cidrs.get(node)}`).toBe(true);
    expect(await kubectl('get', 'pod', 'web', '-o', 'wide')).toMatch(new RegExp(`^web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${ip.replace(/\./g, '\\.')}\\s+${node}\\s`, 'm'));
    // A host process of that node's kubelet, recorded in its state dir.
    const pid = pidOf(web);
    expect(isRunning(pid)).toBe(true);
    expect(recordedProcesses(stack.stateDir(node)).filter((r) => r.podUid === web.metadata.uid).map((r) => r.pid)).toEqual([pid]);

    expect(await kubectl('expose', 'pod', 'web', '--port=80', `--target-port=${port}`)).toBe('service/web exposed\n');
    const clusterIP = (await kubectl('get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}')).trim();
    await stack.waitFor("web's endpoint", async () => (await readyAddresses('web')).length > 0);
    expect(await readyAddresses('web')).toEqual([ip]);
    await stack.waitFor(`${clusterIP}:80 to answer`, async () => (await httpGet(clusterIP, 80)) === 'hi from web');

    expect(await kubectl('delete', 'pod', 'web', '--timeout=30s')).toBe('pod "web" deleted from default namespace\n');
    await stack.waitFor(`web's process ${pid} to be gone`, async () => !isRunning(pid));
    expect(processesUnder(stack.stateDir(node)).filter((p) => p.podUid === web.metadata.uid)).toEqual([]);
    await stack.waitFor("web's EndpointSlice to be empty", async () => (await endpointsOf('web')).length === 0);
    await stack.waitFor(`${clusterIP}:80 to refuse`, async () => ['ECONNRESET', 'ECONNREFUSED', 'socket hang up'].includes(await httpGet(clusterIP, 80)));
    await kubectl('delete', 'service', 'web');
  });

  it('a command that exits 1: under restartPolicy Always it restarts with back-off (CrashLoopBackOff, BackOff events); under Never the pod ends Failed', async () => {
    const watch = stack.kubectl.start('get', 'pods', '--field-selector', 'metadata.name=crash', '--watch');
    try {
      await kubectl('run', 'crash', '--image=any', '--command', '--', NODE, '-e', 'process.exit(1)');
      await kubectl('run', 'fails', '--image=any', '--restart=Never', '--command', '--', NODE, '-e', 'process.exit(1)');
      await watch.waitForOutput(/^crash\s+0\/1\s+CrashLoopBackOff\s+\d+/m, 30_000).catch(async (err: Error) => {
        throw new Error(`${err.message}\n${await stack.diagnostics()}`);
      });
    } finally {
      await watch.stop();
    }
    const crash = await waitPod('crash', 'restartCount >= 2', (p) => (p.status.containerStatuses?.[0]?.restartCount ?? 0) >= 2);
    expect(crash.status.phase).toBe('Running');
    const described = await stack.waitFor('BackOff events in kubectl describe', async () => {
      const out = await kubectl('describe', 'pod', 'crash');
      return /Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container crash in pod crash_default\(/.test(out) && out;
    });
    expect(described).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1\n/);
    expect(described).toMatch(/Restart Count:\s+([2-9]|\d\d+)\n/);

    const failed = await waitPod('fails', 'Failed', (p) => p.status.phase === 'Failed');
    expect(failed.status.containerStatuses?.[0]).toMatchObject({ restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } });
    expect(await kubectl('get', 'pod', 'fails')).toMatch(/^fails\s+0\/1\s+Error\s+0\s/m);

    await kubectl('delete', 'pod', 'crash', 'fails', '--timeout=30s');
  });

  it('spreads 30 pods created from one manifest over the 3 nodes; after a cordon, new pods land on the other two', async () => {
    const spread = Array.from({ length: 30 }, (_, i) => podManifest(`spread-${i}`, 'spread', SLEEP, { requests: { cpu: '50m' } }));
    expect((await kubectl('create', '-f', manifest(spread))).trim().split('\n')).toHaveLength(30);
    const running = await stack.waitFor('the 30 spread pods Running', async () => {
      const list = await pods('app=spread');
      return list.length === 30 && list.every(isReady) && list;
    }, 60_000);
    const perNode = new Map<string, number>();
    for (const p of running) perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
    console.log(`[e2e] spread: ${JSON.stringify(Object.fromEntries(perNode))}`);
    expect([...perNode.keys()].sort()).toEqual(['node-1', 'node-2', 'node-3']);

    // What `kubectl cordon node-3` does, as a merge patch: kubectl cordon sends a strategic merge
    // patch, which the apiserver does not take yet (415 Unsupported Media Type).
    await kubectl('patch', 'node', 'node-3', '--type=merge', '-p', '{"spec":{"unschedulable":true}}');
    expect(await kubectl('get', 'node', 'node-3')).toMatch(/^node-3\s+Ready,SchedulingDisabled\s/m);
    // The scheduler has seen the cordon once it has seen a later change of node-3 (its node events
    // come in order): a label that a pod alone selects makes that pod wait for node-3, unschedulable.
    await kubectl('label', 'node', 'node-3', 'e2e-cordon-probe=yes');
    await kubectl('create', '-f', manifest([podManifest('cordon-probe', 'probe', SLEEP, { nodeSelector: { 'e2e-cordon-probe': 'yes' } })]));
    await waitPod('cordon-probe', 'unschedulable because node-3 is cordoned', (p) => /1 node\(s\) were unschedulable/.test(p.status.conditions?.find((c) => c.type === 'PodScheduled')?.message ?? ''));

    const after = Array.from({ length: 9 }, (_, i) => podManifest(`cordoned-${i}`, 'cordoned', SLEEP, { requests: { cpu: '50m' } }));
    await kubectl('create', '-f', manifest(after));
    const bound = await stack.waitFor('the 9 pods created after the cordon bound', async () => {
      const list = await pods('app=cordoned');
      return list.length === 9 && list.every((p) => p.spec.nodeName) && list;
    });
    expect(new Set(bound.map((p) => p.spec.nodeName))).toEqual(new Set(['node-1', 'node-2']));
    expect((await pod('cordon-probe')).spec.nodeName).toBeUndefined();

    await kubectl('delete', 'pod', 'cordon-probe', '--timeout=30s');
    await kubectl('patch', 'node', 'node-3', '--type=merge', '-p', '{"spec":{"unschedulable":null}}'); // kubectl uncordon, as a merge patch
    await kubectl('label', 'node', 'node-3', 'e2e-cordon-probe-');
    await kubectl('delete', 'pods', '-l', 'app in (spread,cordoned)', '--timeout=60s');
  });

  it('SIGKILL of the scheduler, a kubelet and the proxy mid-burst: no pod bound twice, no process orphaned, all Running behind a Service that answers', async () => {
    const port = await freePort();
    const names = Array.from({ length: 20 }, (_, i) => `burst-${i}`);
    const burst = names.map((n) =>
      podManifest(n, 'burst', [NODE, '-e', SERVER], { env: [{ name: 'PORT', value: String(port) }, { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] }),
    );
    await kubectl('create', 'service', 'clusterip', 'burst', `--tcp=80:${port}`);
    const clusterIP = (await kubectl('get', 'service', 'burst', '-o', 'jsonpath={.spec.clusterIP}')).trim();
    // Every node each burst pod is seen on, from a watch that runs throughout.
    const watch = stack.kubectl.start('get', 'pods', '-l', 'app=burst', '--watch', '-o', 'jsonpath={.metadata.name}={.spec.nodeName}{"\\n"}');
    const create = (from: number, to: number) => kubectl('create', '-f', manifest(burst.slice(from, to)));
    try {
      await create(0, 6);
      const first = await stack.waitFor('the first 6 burst pods Running', async () => {
        const list = await pods('app=burst');
        return list.length === 6 && list.every(isReady) && list;
      });
      // The kubelet of a node running some of them: its processes are what its crash must not orphan.
      const victim = first[0]!.spec.nodeName!;
      // The crash, right after more pods came and while more are being created; the last ones come while the three are down.
      await create(6, 10);
      await Promise.all([create(10, 14), stack.kill('scheduler'), stack.kill(`kubelet ${victim}`), stack.kill('proxy')]);
      // What the killed kubelet left running (orphaned, for now), and what its pid files say.
      const oldProcesses = processesUnder(stack.stateDir(victim));
      const recorded = recordedProcesses(stack.stateDir(victim));
      // Each one is in its pod's pid file or, when the kill came between its spawn and that write, carries its sandbox variable: the next kubelet finds it either way.
      // (Read before the next kubelet stops them; a process caught between fork and exec shows the kubelet's environment for a moment: looked at again until it has its own, or is gone.)
      const inPidFile = (p: (typeof oldProcesses)[number]) => recorded.some((r) => r.pid === p.pid && r.startTime === p.startTime);
      const untraceable: typeof oldProcesses = [];
      for (const p of oldProcesses.filter((q) => !inPidFile(q))) {
        const found = await eventually(async () => carriesSandbox(p.pid, stack.stateDir(victim)) || !isRunning(p.pid) || undefined, 2_000).catch(() => false);
        if (!found) untraceable.push(p);
      }
      await Promise.all([create(14, 20), stack.start('scheduler'), stack.start(`kubelet ${victim}`), stack.start('proxy')]);
      expect(oldProcesses.length).toBeGreaterThan(0);
      expect(untraceable, `processes left by the killed kubelet that neither its pid files (${JSON.stringify(recorded)}) nor their environment name\n${stack.logTail(40)}`).toEqual([]);

      const final = await stack.waitFor('the 20 burst pods Running and Ready', async () => {
        const list = await pods('app=burst');
        return list.length === names.length && list.every(isReady) && list;
      }, 60_000);

      // Nothing a killed kubelet left running survives its restart, and every container process is its pod's.
      await stack.waitFor(`the processes of the killed kubelet on ${victim} to be gone`, async () => oldProcesses.every((r) => !isRunning(r.pid, r.startTime)));
      await expectNoOrphans();
      for (const p of final) expect(isRunning(pidOf(p)), `${p.metadata.name}'s process`).toBe(true);

      // Bound once: one node per pod in everything the watch saw, and one Scheduled event per pod.
      // A pod the killed scheduler may have bound has at most one: the event of a binding it made
      // may be lost with it (its events are written after the binding, as upstream's are).
      const seen = await watch.waitForOutput(new RegExp(names.map((n) => `(?=[\\s\\S]*^${n}=node-)`).join(''), 'm'));
      for (const p of final) {
        const nodesSeen = new Set(seen.split('\n').filter((l) => l.startsWith(`${p.metadata.name}=`)).map((l) => l.slice(l.indexOf('=') + 1)).filter(Boolean));
        expect([...nodesSeen], `nodes ${p.metadata.name} was seen on`).toEqual([p.spec.nodeName]);
      }
      const scheduled = (await getJson<{ items: CoreEvent[] }>('events', '--field-selector', 'reason=Scheduled')).items;
      const count = (name: string) => scheduled.filter((e) => e.involvedObject.name === name).reduce((n, e) => n + (e.count ?? 1), 0);
      const seenByTheKilled = names.slice(0, 14);
      for (const name of seenByTheKilled) expect(count(name), `Scheduled events of ${name}`).toBeLessThanOrEqual(1);
      for (const name of names.slice(14)) expect(count(name), `Scheduled events of ${name}`).toBe(1);
      console.log(`[e2e] ${oldProcesses.length} process(es) of ${victim} left running by its kill; Scheduled events lost with the killed scheduler: ${seenByTheKilled.filter((n) => count(n) === 0).length}`);
    } finally {
      await watch.stop();
    }

    // The Service has every pod as a ready endpoint, and the restarted proxy reaches each of them.
    const ips = (await pods('app=burst')).map((p) => p.status.podIP!).sort();
    await stack.waitFor('the 20 ready endpoints of burst', async () => JSON.stringify(await readyAddresses('burst')) === JSON.stringify(ips));
    await stack.waitFor(`${clusterIP}:80 to answer`, async () => (await httpGet(clusterIP, 80)).startsWith('hi from burst-'));
    const answers = new Set<string>();
    for (let i = 0; i < 2 * names.length; i++) answers.add(await httpGet(clusterIP, 80));
    expect([...answers].sort()).toEqual(names.map((n) => `hi from ${n}`).sort());
  });

  // Last: the big node it adds would draw the pods of the tests above.
  it('a pod that fits nowhere stays Pending with a FailedScheduling event, and runs once a big enough kubelet joins', async () => {
    await kubectl('create', '-f', manifest([podManifest('huge', 'huge', SLEEP, { requests: { cpu: '64' } })]));
    const message = '0/3 nodes are available: 3 Insufficient cpu.';
    const events = await stack.waitFor('a FailedScheduling event for huge', async () => {
      const out = await kubectl('get', 'events', '--field-selector', 'involvedObject.name=huge,reason=FailedScheduling', '-o', 'jsonpath={.items[*].message}');
      return out.includes(message) && out;
    });
    expect(events).toContain(message);
    const described = await kubectl('describe', 'pod', 'huge');
    expect(described).toMatch(/Status:\s+Pending/);
    expect(described).toMatch(/Warning\s+FailedScheduling\s+.*default-scheduler\s+0\/3 nodes are available: 3 Insufficient cpu\./);
    expect((await pod('huge')).spec.nodeName).toBeUndefined();

    await stack.addKubelet('node-4', { KUBELEDGER_NODE_CPU: '100' });
    const huge = await waitPod('huge', 'Running on node-4', (p) => isReady(p) && p.spec.nodeName === 'node-4');
    expect(recordedProcesses(stack.stateDir('node-4')).map((r) => r.pid)).toEqual([pidOf(huge)]);
  });
});
