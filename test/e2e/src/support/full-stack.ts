import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { componentKubeconfig, startApiserver, startComponent, type ApiserverProcess, type ComponentProcess } from '@kubeledger/test-cluster';
import { processesUnder } from './container-processes.js';
import { Kubectl } from './kubectl.js';

export interface FullStackOptions {
  /** Kubelets `node-1` … `node-<nodes>` (default 3), as `npm start` names them. */
  readonly nodes?: number;
  /** Settings for every kubelet (on top of the process runtime and a state dir each). */
  readonly kubeletEnv?: Record<string, string>;
  /** Settings for every process of the stack, the apiserver included (say OTEL_* to export traces). */
  readonly env?: Record<string, string>;
}

/** A component of the stack: `scheduler`, `controller-manager`, `proxy` or `kubelet <node>`. */
export type ComponentLabel = 'scheduler' | 'controller-manager' | 'proxy' | `kubelet ${string}`;

/** One component: how to start it again, the process running now, and what the earlier ones printed. */
interface Member {
  readonly service: string;
  readonly kubeconfig: string;
  readonly env: Record<string, string>;
  readonly ready: RegExp;
  process: ComponentProcess | undefined;
  readonly earlier: string[];
}

export interface FullStack {
  readonly server: ApiserverProcess;
  /** The real kubectl as the cluster admin. */
  readonly kubectl: Kubectl;
  /** The kubelets' nodes, in the order they were started. */
  readonly nodes: readonly string[];
  /** The process runtime's state dir of `node`'s kubelet (pods, logs, pid files). */
  stateDir(node: string): string;
  /** Starts one more kubelet, `system:node:<node>`, with `env` on top of the stack's kubelet settings. */
  addKubelet(node: string, env?: Record<string, string>): Promise<void>;
  /** SIGKILL (a crash); the component stays down until `start`. */
  kill(label: ComponentLabel): Promise<void>;
  /** SIGTERM; resolves with its exit code. */
  stop(label: ComponentLabel): Promise<number | null>;
  /** Starts a stopped or killed component again, with the same identity and settings; waits for its ready line. */
  start(label: ComponentLabel): Promise<void>;
  /** The last `lines` lines each component printed (its earlier incarnations included). */
  logTail(lines?: number): string;
  /** Nodes, pods, events and every component's log tail: what to print when a wait times out. */
  diagnostics(): Promise<string>;
  /** Polls `check` until it returns something other than undefined or false; on timeout fails with the diagnostics. */
  waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  /** Stops every component (the kubelets stop their processes), kills any container process left, stops the apiserver. */
  close(): Promise<void>;
}

const READY: Record<string, (label: string) => RegExp> = {
  scheduler: () => /\[scheduler\] ready \(/,
  'controller-manager': () => /\[controller-manager\] ready \(/,
  proxy: () => /\[proxy\] ready \(/,
  kubelet: (label) => new RegExp(`\\[${label}\\] ready \\(`),
};

/**
 * What `npm start` runs, each its own process with its own identity (a client certificate from
 * the cluster CA): the apiserver (a database and stream of its own), the scheduler, the
 * controller-manager, the proxy and `nodes` kubelets on the process runtime (containers are host
 * processes, under a state dir of this stack's).
 */
export async function startFullStack(options: FullStackOptions = {}): Promise<FullStack> {
  const server = await startApiserver(options.env);
  const kubectl = new Kubectl(server.kubeconfig);
  const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'kl-stack-'));
  const members = new Map<ComponentLabel, Member>();
  const nodes: string[] = [];
  const stateDir = (node: string) => path.join(stateRoot, `kubelet-${node}`);

  const member = (label: ComponentLabel) => {
    const m = members.get(label);
    if (!m) throw new Error(`no component ${label} in this stack`);
    return m;
  };
  const start = async (label: ComponentLabel) => {
    const m = member(label);
    if (m.process) m.earlier.push(...m.process.output, `--- ${label} started again ---`);
    m.process = undefined;
    m.process = await startComponent(m.service, server, m.kubeconfig, m.env, m.ready);
  };
  const add = async (label: ComponentLabel, service: string, user: string, groups: string[], env: Record<string, string>) => {
    const kubeconfig = await componentKubeconfig(server, user, groups);
    members.set(label, { service, kubeconfig, env: { ...options.env, ...env }, ready: READY[service]!(label), process: undefined, earlier: [] });
    await start(label);
  };
  const addKubelet = async (node: string, env: Record<string, string> = {}) => {
    nodes.push(node);
    await add(`kubelet ${node}`, 'kubelet', `system:node:${node}`, ['system:nodes'], {
      KUBELEDGER_NODE_NAME: node,
      KUBELEDGER_RUNTIME: 'process',
      KUBELEDGER_STATE_DIR: stateDir(node),
      KUBELEDGER_KUBELET_PORT: '0', // its HTTPS server: several kubelets (and stacks) share this machine
      ...options.kubeletEnv,
      ...env,
    });
  };
  const logTail = (lines = 15) =>
    [...members]
      .map(([label, m]) => `--- ${label}${m.process ? '' : ' (down)'}:\n${[...m.earlier, ...(m.process?.output ?? [])].slice(-lines).join('\n')}`)
      .join('\n');
  const diagnostics = async () => {
    const show = async (...args: string[]) => {
      const r = await kubectl.run(...args);
      return `$ kubectl ${args.join(' ')}\n${r.stdout}${r.stderr}`;
    };
    return [await show('get', 'nodes', '-o', 'wide'), await show('get', 'pods', '-A', '-o', 'wide'), await show('get', 'events', '-A'), logTail()].join('\n');
  };

  const stack: FullStack = {
    server,
    kubectl,
    nodes,
    stateDir,
    addKubelet,
    async kill(label) {
      await member(label).process?.kill();
    },
    async stop(label) {
      return (await member(label).process?.stop()) ?? null;
    },
    start,
    logTail,
    diagnostics,
    async waitFor(what, check, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${await diagnostics()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      await Promise.all([...members.values()].map((m) => m.process?.stop()));
      // Whatever a killed kubelet left and nothing stopped since: only processes under this stack's state dirs.
      for (const node of nodes) for (const { pid } of processesUnder(stateDir(node))) killQuietly(pid);
      kubectl.dispose();
      await server.stop();
      rmSync(stateRoot, { recursive: true, force: true });
    },
  };
  const started = await Promise.allSettled([
    add('scheduler', 'scheduler', 'system:kube-scheduler', [], {}),
    add('controller-manager', 'controller-manager', 'system:kube-controller-manager', [], { KUBELEDGER_CONTROLLER_RETRY_SECONDS: '0.2' }),
    add('proxy', 'proxy', 'system:kube-proxy', [], {}),
    ...Array.from({ length: options.nodes ?? 3 }, (_, i) => addKubelet(`node-${i + 1}`)),
  ]);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await stack.close();
    throw failed.reason;
  }
  return stack;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
