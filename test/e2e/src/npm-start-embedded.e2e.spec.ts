import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@kubeledger/test-cluster';
import { Kubectl } from './support/kubectl.js';
import { freePort, listening } from './support/ports.js';

/** Linux: the processes whose command line mentions `text` (a path unique to this test), and the direct children of `parent`. */
const proc = (pid: string, file: string) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
};
const pids = () => readdirSync('/proc').filter((name) => /^\d+$/.test(name));
const processesMentioning = (text: string) => pids().filter((pid) => proc(pid, 'cmdline').replaceAll('\0', ' ').includes(text)).map(Number);
const processesWithEnvironmentMentioning = (text: string) => pids().filter((pid) => pid !== String(process.pid) && proc(pid, 'environ').includes(text)).map(Number);
const childrenOf = (parent: number) => pids().filter((pid) => proc(pid, 'stat').replace(/^.*\) /s, '').split(' ')[1] === String(parent)).map(Number);

// What the user has in their environment must not leak in: no DATABASE_URL, no NATS_URL.
const { DATABASE_URL: _db, NATS_URL: _nats, KUBELEDGER_STATE_DIR: _state, KUBELEDGER_KUBECONFIG: _kc, NATS_SERVER_BIN: _bin, ...baseEnv } = process.env;

/** `npm start` (package.json "start") in its own process group, as in a terminal: Ctrl-C is SIGINT to the group. */
function npmStart(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', 'up'], {
    cwd: REPO_ROOT,
    env: { ...baseEnv, KUBELEDGER_PORT: '0', KUBELEDGER_NODES: '1', KUBELEDGER_RUNTIME: 'fake', KUBELEDGER_KUBELET_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    closed,
    /** Resolves with the admin kubeconfig once `up` says it is ready (and the kubelet is). */
    async ready(): Promise<string> {
      for (const deadline = Date.now() + 90_000; ; ) {
        const match = /\[kubeledger\] ready: export KUBECONFIG=(\S+)/.exec(output);
        if (match && /\[kubelet node-1\] ready/.test(output)) return match[1]!;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not get ready:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

/** Signals a process group; one that is gone already (the start failed: its output says why) is no error. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

describe('npm start without DATABASE_URL: an embedded Postgres', () => {
  // npm start runs in the checkout; the state directory is the fresh one (`.kubeledger` there by default).
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-start-embedded-'));
  // As root (CI), Postgres runs as the user postgres, which must be able to enter the directory.
  chmodSync(dir, 0o755);
  const state = path.join(dir, '.kubeledger');
  afterAll(() => {
    // Whatever a failed run left: only processes naming this test's directory.
    // (services name it only in their environment: KUBELEDGER_STATE_DIR, their kubeconfig path)
    for (const pid of new Set([...processesMentioning(dir), ...processesWithEnvironmentMentioning(dir)])) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'initialises Postgres once, serves kubectl, stops everything on Ctrl-C; the next start reuses the state, and one after a kill -9 stops the servers that run left behind',
    { timeout: 300_000 },
    async () => {
      const ports = async () => ({ KUBELEDGER_STATE_DIR: state, KUBELEDGER_POSTGRES_PORT: String(await freePort()), KUBELEDGER_NATS_PORT: String(await freePort()) });

      // 1. The first start initialises Postgres in the state directory.
      const env1 = await ports();
      const first = npmStart(env1);
      try {
        const kubeconfig = await first.ready();
        expect(kubeconfig).toBe(path.join(state, 'kubeconfig'));
        expect(first.output()).toContain(`[kubeledger] initialising Postgres in ${path.join(state, 'postgres')}`);
        expect(first.output()).toContain(`[kubeledger] starting Postgres on 127.0.0.1:${env1.KUBELEDGER_POSTGRES_PORT}`);
        expect(first.output()).toContain('[kubeledger] Postgres ready');
        expect(first.output()).toContain(`[apiserver] admin kubeconfig: ${kubeconfig} (export KUBECONFIG=${kubeconfig})`);
        expect(processesMentioning(path.join(state, 'postgres'))).not.toEqual([]);
        expect(processesMentioning(path.join(state, 'nats', 'nats-server.conf'))).not.toEqual([]);
        const kubectl = new Kubectl(kubeconfig);
        try {
          await kubectl.ok('create', 'configmap', 'kept', '--from-literal=k=v');
          expect(await kubectl.ok('get', 'configmap', 'kept', '-o', 'jsonpath={.data.k}')).toBe('v');
        } finally {
          kubectl.dispose();
        }
      } finally {
        signalGroup(first.child.pid!, 'SIGINT'); // Ctrl-C
      }
      expect(await first.closed, first.output()).toBe(0);
      const out = first.output();
      // Ctrl-C reaches `up` alone; it stops the components, then the apiserver, then NATS, then Postgres.
      const at = (line: string) => {
        expect(out, `"${line}" in the output`).toContain(line);
        return out.indexOf(line);
      };
      expect(at('[scheduler] stopped')).toBeLessThan(at('[apiserver] stopping (SIGTERM)'));
      expect(at('[kubelet node-1] stopped')).toBeLessThan(at('[apiserver] stopping (SIGTERM)'));
      expect(at('[apiserver] stopped')).toBeLessThan(at('[kubeledger] nats-server stopped'));
      expect(at('[kubeledger] nats-server stopped')).toBeLessThan(at('[kubeledger] Postgres stopped'));
      expect(processesMentioning(dir)).toEqual([]);
      expect(await listening(Number(env1.KUBELEDGER_POSTGRES_PORT))).toBe(false);
      expect(await listening(Number(env1.KUBELEDGER_NATS_PORT))).toBe(false);
      expect(existsSync(path.join(state, 'postgres', 'postmaster.pid'))).toBe(false);

      // 2. The second start reuses the cluster: no initialisation, the ConfigMap is there.
      const second = npmStart(await ports());
      let leftBehind: number[] = [];
      try {
        const kubectl = new Kubectl(await second.ready());
        try {
          expect(await kubectl.ok('get', 'configmap', 'kept', '-o', 'jsonpath={.data.k}')).toBe('v');
        } finally {
          kubectl.dispose();
        }
        expect(second.output()).not.toContain('initialising Postgres');
        leftBehind = [...processesMentioning(path.join(state, 'postgres')), ...processesMentioning(path.join(state, 'nats', 'nats-server.conf'))];
        expect(leftBehind).toHaveLength(2);
      } finally {
        // kill -9 of `up` and its services: Postgres and nats-server are left running.
        const services = childrenOf(second.child.pid!).filter((pid) => !leftBehind.includes(pid));
        for (const pid of [second.child.pid!, ...services]) process.kill(pid, 'SIGKILL');
      }
      await second.closed;
      expect(leftBehind.every((pid) => proc(String(pid), 'cmdline') !== '')).toBe(true);

      // 3. The next start stops what the killed run left, and still has the ConfigMap.
      const third = npmStart(await ports());
      try {
        const kubectl = new Kubectl(await third.ready());
        try {
          expect(await kubectl.ok('get', 'configmap', 'kept', '-o', 'jsonpath={.data.k}')).toBe('v');
        } finally {
          kubectl.dispose();
        }
        expect(third.output()).toMatch(/\[kubeledger\] stopping the Postgres an earlier run left running \(pid \d+\)/);
        expect(third.output()).toMatch(/\[kubeledger\] stopping the nats-server an earlier run left running \(pid \d+\)/);
        expect(third.output()).not.toContain('initialising Postgres');
      } finally {
        third.child.kill('SIGTERM'); // as a service manager stops it: `up` alone
      }
      expect(await third.closed, third.output()).toBe(0);
      expect(processesMentioning(dir)).toEqual([]);
    },
  );

  it('says how to install nats-server when there is none, before starting Postgres', async () => {
    const run = npmStart({ KUBELEDGER_STATE_DIR: path.join(dir, 'no-nats'), NATS_SERVER_BIN: path.join(dir, 'no-such-dir', 'nats-server'), KUBELEDGER_POSTGRES_PORT: String(await freePort()) });
    expect(await run.closed).toBe(1);
    const out = run.output();
    expect(out).toContain(`NATS_SERVER_BIN=${path.join(dir, 'no-such-dir', 'nats-server')} is not an executable file`);
    expect(out).toContain('apt-get install -y nats-server');
    expect(out).toContain('brew install nats-server');
    expect(out).toContain('https://github.com/nats-io/nats-server/releases');
    expect(out).toContain('or set NATS_URL');
    expect(out).not.toContain('Postgres');
    expect(existsSync(path.join(dir, 'no-nats', 'postgres'))).toBe(false);
  });

  it('says how to choose another port when the Postgres port is taken, before initialising anything', async () => {
    const taken = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const run = npmStart({ KUBELEDGER_STATE_DIR: path.join(dir, 'taken'), KUBELEDGER_POSTGRES_PORT: String(port), KUBELEDGER_NATS_PORT: String(await freePort()) });
      expect(await run.closed).toBe(1);
      expect(run.output()).toContain(`[kubeledger] port ${port} on 127.0.0.1 is taken`);
      expect(run.output()).toContain(`KUBELEDGER_POSTGRES_PORT=${port + 1} npm start`);
      expect(run.output()).toContain('or set DATABASE_URL');
      expect(run.output()).not.toContain('initialising Postgres');
      expect(existsSync(path.join(dir, 'taken', 'postgres'))).toBe(false);
    } finally {
      taken.close();
    }
  });
});
