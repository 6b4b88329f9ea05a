import { rfc3339 } from '@kubeledger/api';
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { ContainerConfigError } from './container-config-error.js';
import type { ContainerRuntime, ExecResult, ReportedContainer, RuntimeContainer, RuntimeContainerLog, RuntimeContainerStatus, RuntimePod, RuntimePodFeatures } from './container-runtime.js';
import { CriLogWriter } from './cri-log-writer.js';
import { processNetworkEnv } from './process-network-env.js';
import { SANDBOX_ENV, sandboxProcesses } from './sandbox-processes.js';
import { processStartTime, readPidFile, stillRunning, writePidFile, type PidRecord } from './pid-file.js';

export type Spawner = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface ProcessRuntimeOptions {
  /** `<state dir>`: pods live in `<state dir>/pods/<uid>`. */
  readonly stateDir: string;
  /** The grace period `shutdown()` gives running containers (SIGTERM, then SIGKILL). */
  readonly shutdownGraceMs?: number;
  readonly spawn?: Spawner;
  readonly now?: () => Date;
  readonly log?: (message: string) => void;
}

interface Running {
  status: RuntimeContainerStatus;
  readonly child?: ChildProcess;
  readonly pid?: number;
  readonly startTime: string;
  /** Resolves once the process has exited and its log is flushed. */
  readonly done: Promise<void>;
  /** The restarts before this run (its log file's name). */
  readonly restartCount?: number;
  /** Where and with what environment it runs (exec runs commands the same way). */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** At most this much of an exec's stdout and of its stderr is kept. */
const MAX_EXEC_OUTPUT = 16 * 1024;

const inside = (dir: string, target: string) => {
  const rel = path.relative(dir, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * The `process` runtime: each container is a host process — `command` + `args`, no shell — run
 * with the kubelet's own privileges (no isolation of any kind), in its own process group, with the
 * environment the kubelet resolved plus PATH (the kubelet's), HOSTNAME (the pod's name) and its
 * network (processNetworkEnv: the pod IP, its ports), in
 * `<state dir>/pods/<uid>/<container>` (or its `workingDir` when inside the pod's sandbox), its
 * stdout and stderr in `<state dir>/pods/<uid>/logs/<container>/<restartCount>.log` (CRI format).
 * The image is recorded, never pulled. Stop: SIGTERM to the process group, SIGKILL after the
 * grace period.
 *
 * No process outlives its kubelet: `shutdown()` stops them all, an exit of the kubelet kills them
 * (SIGKILL), and the pids are kept in `<state dir>/pods/<uid>/pids` so that after a crash of the
 * kubelet (SIGKILL) `recover()` kills what a previous kubelet left running. So `adopt` never
 * adopts: the kubelet starts the container again, and counts a restart.
 */
export class ProcessRuntime implements ContainerRuntime {
  readonly name = 'process';
  readonly probesSucceed = false;
  readonly #stateDir: string;
  readonly #shutdownGraceMs: number;
  readonly #spawn: Spawner;
  readonly #now: () => Date;
  readonly #log: (message: string) => void;
  readonly #pods = new Map<string, Map<string, Running>>();
  readonly #listeners: ((podUid: string, containerName: string) => void)[] = [];
  /** The process groups of the exec'd commands still running. */
  readonly #execs = new Set<number>();
  readonly #killAllOnExit = () => this.#killAll();

  constructor(options: ProcessRuntimeOptions) {
    this.#stateDir = path.resolve(options.stateDir);
    this.#shutdownGraceMs = options.shutdownGraceMs ?? 2000;
    this.#spawn = options.spawn ?? ((command, args, opts) => nodeSpawn(command, args, opts));
    this.#now = options.now ?? (() => new Date());
    this.#log = options.log ?? (() => undefined);
    process.on('exit', this.#killAllOnExit);
  }

  /** `<state dir>/pods/<uid>`: the pod's sandbox. */
  podDir(podUid: string): string {
    return path.join(this.#stateDir, 'pods', podUid);
  }

  /** `<state dir>/pods/<uid>/logs/<container>/<restartCount>.log`. */
  logPath(podUid: string, containerName: string, restartCount = 0): string {
    return path.join(this.podDir(podUid), 'logs', containerName, `${restartCount}.log`);
  }

  /**
   * Kills (SIGKILL, process group) the container processes a previous kubelet left running — those
   * its pid files name, then any other process whose environment names one of its sandboxes
   * ({@link SANDBOX_ENV}) —; returns how many.
   */
  recover(): number {
    let killed = 0;
    const killedGroups = new Set<number>();
    let uids: string[];
    try {
      uids = readdirSync(path.join(this.#stateDir, 'pods'));
    } catch {
      return 0;
    }
    for (const uid of uids) {
      const file = path.join(this.podDir(uid), 'pids');
      for (const record of readPidFile(file)) {
        if (!stillRunning(record)) continue;
        killGroup(record.pid, 'SIGKILL');
        killedGroups.add(record.pid);
        killed++;
        this.#log(`killed process ${record.pid} of container ${record.container} in pod ${uid}, left running by a previous kubelet`);
      }
      writePidFile(file, []);
    }
    // A process started as the previous kubelet died, before its pid was recorded: found by its environment.
    for (const { pid, pgid, sandbox } of sandboxProcesses(path.join(this.#stateDir, 'pods'))) {
      if (killedGroups.has(pgid)) continue; // dying with its group
      killGroup(pid, 'SIGKILL');
      killedGroups.add(pgid);
      killed++;
      this.#log(`killed process ${pid} of pod ${path.basename(sandbox)}, left running by a previous kubelet (no pid recorded)`);
    }
    return killed;
  }

  unsupported(podUid: string, features: RuntimePodFeatures): string | undefined {
    const problems = [
      ...features.privileged.map((c) => `securityContext.privileged (container ${c})`),
      ...(features.hostPID ? ['hostPID'] : []),
      ...(features.hostIPC ? ['hostIPC'] : []),
      ...features.hostPaths.filter((v) => !inside(this.podDir(podUid), path.resolve(v.path))).map((v) => `hostPath volume ${v.volume} (${v.path}, outside the pod's sandbox)`),
    ];
    // hostNetwork is fine: every process shares the host's network anyway.
    return problems.length === 0 ? undefined : `the process runtime cannot honour ${problems.join(', ')}`;
  }

  async start(pod: RuntimePod, container: RuntimeContainer): Promise<RuntimeContainerStatus> {
    const [command, ...commandArgs] = container.command ?? [];
    if (command === undefined) throw new ContainerConfigError(`the process runtime needs a command: it cannot run the entrypoint of image "${container.image}"`);
    const podDir = this.podDir(pod.uid);
    const cwd = container.workingDir ? path.resolve(container.workingDir) : path.join(podDir, container.name);
    if (!inside(podDir, cwd)) throw new ContainerConfigError(`workingDir ${container.workingDir} is outside the pod's sandbox ${podDir}: the process runtime runs containers there`);
    const previous = this.#containers(pod.uid).get(container.name);
    if (previous?.status.state === 'running') return previous.status;
    const logFile = this.logPath(pod.uid, container.name, container.restartCount ?? 0);
    mkdirSync(cwd, { recursive: true });
    mkdirSync(path.dirname(logFile), { recursive: true });

    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin', HOSTNAME: pod.name, ...processNetworkEnv(pod.ip, container.ports), [SANDBOX_ENV]: this.podDir(pod.uid) };
    for (const e of container.env ?? []) env[e.name] = e.value ?? '';
    const startedAt = rfc3339(this.#now());
    const imageID = `process://${container.image}`;
    const log = new CriLogWriter(logFile, this.#now);
    let child: ChildProcess;
    try {
      child = this.#spawn(command, [...commandArgs, ...(container.args ?? [])], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      await log.close(0);
      return this.#failed(pod.uid, container.name, imageID, startedAt, err as Error);
    }
    log.attach(child.stdout!, 'stdout');
    log.attach(child.stderr!, 'stderr');

    const spawned = await new Promise<Error | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', (err) => resolve(err));
    });
    if (spawned) {
      await log.close(0);
      return this.#failed(pod.uid, container.name, imageID, startedAt, spawned);
    }
    const pid = child.pid!;
    let settle!: () => void;
    const entry: Running = {
      status: { containerID: `process://${pid}`, imageID, state: 'running', startedAt },
      child,
      pid,
      startTime: processStartTime(pid),
      done: new Promise<void>((resolve) => (settle = resolve)),
      restartCount: container.restartCount ?? 0,
      cwd,
      env,
    };
    this.#containers(pod.uid).set(container.name, entry);
    this.#writePids(pod.uid);
    child.once('exit', (code, signal) => {
      const exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
      void log.close().then(() => {
        entry.status = { ...entry.status, state: 'exited', finishedAt: rfc3339(this.#now()), exitCode, reason: exitCode === 0 ? 'Completed' : 'Error' };
        if (this.#pods.get(pod.uid)?.get(container.name) === entry) this.#writePids(pod.uid);
        settle();
        for (const listener of this.#listeners) listener(pod.uid, container.name);
      });
    });
    return entry.status;
  }

  async stop(podUid: string, containerName: string, gracePeriodMs: number): Promise<RuntimeContainerStatus | undefined> {
    const entry = this.#pods.get(podUid)?.get(containerName);
    if (!entry) return undefined;
    if (entry.status.state === 'running' && entry.pid !== undefined) {
      killGroup(entry.pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), Math.max(0, gracePeriodMs))));
      const killed = await Promise.race([entry.done.then(() => false), graceOver]);
      clearTimeout(timer);
      if (killed) killGroup(entry.pid, 'SIGKILL');
      await entry.done;
    }
    return entry.status;
  }

  status(podUid: string, containerName: string): RuntimeContainerStatus | undefined {
    return this.#pods.get(podUid)?.get(containerName)?.status;
  }

  /**
   * Runs `command` as a host process the way the container runs — its environment, its working
   * directory, its own process group — and resolves when it ends; past `timeoutMs` (or on
   * `signal`) the group is killed (SIGKILL). Output beyond 16 KiB per stream is dropped.
   */
  async exec(podUid: string, containerName: string, command: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<ExecResult> {
    const entry = this.#pods.get(podUid)?.get(containerName);
    if (entry?.status.state !== 'running' || entry.cwd === undefined) throw new Error(`container ${containerName} is not running`);
    const [file, ...args] = command;
    if (file === undefined) throw new Error('exec: no command');
    let child: ChildProcess;
    try {
      child = this.#spawn(file, args, { cwd: entry.cwd, env: { ...entry.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      return cannotStart(file, err as NodeJS.ErrnoException);
    }
    const output = { stdout: '', stderr: '' };
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.setEncoding('utf8').on('data', (chunk: string) => {
        if (output[stream].length < MAX_EXEC_OUTPUT) output[stream] = (output[stream] + chunk).slice(0, MAX_EXEC_OUTPUT);
      });
    }
    let timedOut = false;
    // Killed: its pipes are closed too, in case something it started still holds them.
    const kill = () => {
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    if (signal?.aborted) kill();
    signal?.addEventListener('abort', kill, { once: true });
    child.once('spawn', () => child.pid !== undefined && this.#execs.add(child.pid));
    try {
      return await new Promise<ExecResult>((resolve) => {
        child.once('error', (err: NodeJS.ErrnoException) => {
          if (child.pid === undefined) resolve(cannotStart(file, err));
        });
        child.once('close', (code, sig) => resolve({ exitCode: code ?? 128 + (sig ? (constants.signals[sig] ?? 0) : 0), ...output, timedOut }));
      });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', kill);
      if (child.pid !== undefined) this.#execs.delete(child.pid);
    }
  }

  /** `<state dir>/pods/<uid>/logs/<container>/<restartCount>.log`, growing while that run's process runs. */
  containerLog(podUid: string, containerName: string, restartCount: number): RuntimeContainerLog {
    return {
      path: this.logPath(podUid, containerName, restartCount),
      running: () => {
        const entry = this.#pods.get(podUid)?.get(containerName);
        return entry?.status.state === 'running' && entry.restartCount === restartCount;
      },
    };
  }

  adopt(_pod: RuntimePod, _container: RuntimeContainer, _reported: ReportedContainer): boolean {
    return false; // recover() killed whatever a previous kubelet left: the container starts again
  }

  removePod(podUid: string): void {
    for (const entry of this.#pods.get(podUid)?.values() ?? []) if (entry.status.state === 'running' && entry.pid !== undefined) killGroup(entry.pid, 'SIGKILL');
    this.#pods.delete(podUid);
    rmSync(this.podDir(podUid), { recursive: true, force: true });
  }

  onExit(listener: (podUid: string, containerName: string) => void): void {
    this.#listeners.push(listener);
  }

  /** Stops every running container (SIGTERM, SIGKILL after the shutdown grace period). */
  async shutdown(): Promise<void> {
    const stops: Promise<unknown>[] = [];
    for (const [uid, containers] of this.#pods) for (const name of containers.keys()) stops.push(this.stop(uid, name, this.#shutdownGraceMs));
    await Promise.all(stops);
    for (const pid of this.#execs) killGroup(pid, 'SIGKILL');
    process.off('exit', this.#killAllOnExit);
  }

  /** The pids of the running container processes (tests, logs). */
  pids(podUid: string): number[] {
    return [...(this.#pods.get(podUid)?.values() ?? [])].filter((e) => e.status.state === 'running' && e.pid !== undefined).map((e) => e.pid!);
  }

  #killAll(): void {
    for (const pid of this.#execs) killGroup(pid, 'SIGKILL');
    for (const containers of this.#pods.values()) for (const entry of containers.values()) if (entry.status.state === 'running' && entry.pid !== undefined) killGroup(entry.pid, 'SIGKILL');
  }

  #failed(podUid: string, name: string, imageID: string, startedAt: string, err: Error): RuntimeContainerStatus {
    const status: RuntimeContainerStatus = {
      containerID: `process://failed-${podUid}-${name}-${Date.now()}`,
      imageID,
      state: 'exited',
      startedAt,
      finishedAt: rfc3339(this.#now()),
      exitCode: 128,
      reason: 'StartError',
      message: err.message,
    };
    this.#containers(podUid).set(name, { status, startTime: '', done: Promise.resolve() });
    return status;
  }

  #writePids(podUid: string): void {
    const records: PidRecord[] = [];
    for (const [name, entry] of this.#pods.get(podUid) ?? []) if (entry.status.state === 'running' && entry.pid !== undefined) records.push({ container: name, pid: entry.pid, startTime: entry.startTime });
    try {
      writePidFile(path.join(this.podDir(podUid), 'pids'), records);
    } catch (err) {
      this.#log(`could not write the pid file of pod ${podUid}: ${(err as Error).message}`);
    }
  }

  #containers(uid: string): Map<string, Running> {
    let containers = this.#pods.get(uid);
    if (!containers) this.#pods.set(uid, (containers = new Map()));
    return containers;
  }
}

/** A command exec could not start, as a shell reports it: 127 when there is no such file, else 126. */
function cannotStart(file: string, err: NodeJS.ErrnoException): ExecResult {
  const missing = err.code === 'ENOENT';
  return { exitCode: missing ? 127 : 126, stdout: '', stderr: `exec: ${JSON.stringify(file)}: ${missing ? 'executable file not found in $PATH' : err.message}`, timedOut: false };
}

/** Signals the process group `pid` leads (each container is spawned detached: its own group), else the process. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
