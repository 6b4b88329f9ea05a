import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { round } from './stats.js';

/** A process (or a group of them, e.g. the Postgres backends of one database) whose CPU and memory a benchmark reports. */
export interface MonitoredTarget {
  readonly name: string;
  /** Its process ids now (a group's may change between samples). */
  readonly pids: () => readonly number[] | Promise<readonly number[]>;
  /** False for processes whose RSS counts memory they share with others (Postgres backends map the shared buffers). */
  readonly rss?: boolean;
}

/** What one target used during a window: CPU seconds, the average number of cores that is, and the highest RSS sampled. */
export interface TargetUsage {
  readonly name: string;
  readonly cpuSeconds: number;
  readonly cores: number;
  /** Highest RSS (the group's sum) sampled in the window; undefined when not meaningful for the target. */
  readonly peakRssMiB?: number;
}

export interface WindowUsage {
  readonly seconds: number;
  readonly targets: readonly TargetUsage[];
  /** Share of the whole machine's CPU time that was busy (every process, other users' included). */
  readonly machineBusyPercent: number;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** utime + stime of a process in clock ticks, or undefined when it is gone. */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of proc(5)
  } catch {
    return undefined;
  }
}

function rssKiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number) as number[];
  const total = user! + nice! + system! + idle! + iowait! + irq! + softirq! + steal!;
  return { busy: total - idle! - iowait!, total };
}

/**
 * Samples the CPU time (`/proc/<pid>/stat`) and RSS (`/proc/<pid>/status`) of processes every
 * `intervalMs` while a benchmark runs, and reports per window ({@link begin} … {@link end}) the CPU
 * seconds each used and its highest RSS, with how busy the whole machine was. Linux only.
 */
export class ResourceMonitor {
  readonly #targets: MonitoredTarget[] = [];
  readonly #intervalMs: number;
  /** The last CPU ticks read per target and pid. */
  readonly #ticks = new Map<string, Map<number, number>>();
  #timer: NodeJS.Timeout | undefined;
  #sampling: Promise<void> = Promise.resolve();
  #window: { startedAt: number; baseline: Map<string, Map<number, number>>; peakKiB: Map<string, number>; machine: { busy: number; total: number } } | undefined;

  constructor(intervalMs = 500) {
    this.#intervalMs = intervalMs;
  }

  add(target: MonitoredTarget): void {
    this.#targets.push(target);
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.sample(), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Reads every target once (samples never overlap). */
  sample(): Promise<void> {
    this.#sampling = this.#sampling.then(() => this.#read()).catch(() => undefined);
    return this.#sampling;
  }

  /** Starts a window: CPU is counted from now, peaks reset. */
  async begin(): Promise<void> {
    await this.sample();
    const baseline = new Map([...this.#ticks].map(([name, pids]) => [name, new Map(pids)]));
    this.#window = { startedAt: performance.now(), baseline, peakKiB: new Map(), machine: machineTicks() };
    await this.sample();
  }

  /** Ends the window begun last: what each target used since. */
  async end(): Promise<WindowUsage> {
    await this.sample();
    const window = this.#window;
    if (!window) throw new Error('ResourceMonitor.end() without begin()');
    this.#window = undefined;
    const seconds = (performance.now() - window.startedAt) / 1000;
    const machine = machineTicks();
    const targets = this.#targets.map((target): TargetUsage => {
      const before = window.baseline.get(target.name) ?? new Map<number, number>();
      let ticks = 0;
      // A process that appeared during the window used all its CPU time in it.
      for (const [pid, now] of this.#ticks.get(target.name) ?? []) ticks += now - (before.get(pid) ?? 0);
      const cpuSeconds = ticks / CLOCK_TICKS;
      const peak = window.peakKiB.get(target.name);
      return { name: target.name, cpuSeconds: round(cpuSeconds), cores: round(cpuSeconds / seconds), ...(target.rss !== false && peak !== undefined && { peakRssMiB: round(peak / 1024, 1) }) };
    });
    const busy = machine.busy - window.machine.busy;
    const total = machine.total - window.machine.total;
    return { seconds: round(seconds), targets, machineBusyPercent: total > 0 ? Math.round((100 * busy) / total) : 0 };
  }

  async #read(): Promise<void> {
    for (const target of this.#targets) {
      const pids = await target.pids();
      const ticks = this.#ticks.get(target.name) ?? new Map<number, number>();
      this.#ticks.set(target.name, ticks);
      let kib = 0;
      for (const pid of pids) {
        const now = cpuTicks(pid);
        if (now !== undefined) ticks.set(pid, now);
        if (target.rss !== false) kib += rssKiB(pid);
      }
      if (this.#window && target.rss !== false) this.#window.peakKiB.set(target.name, Math.max(kib, this.#window.peakKiB.get(target.name) ?? 0));
    }
  }
}
