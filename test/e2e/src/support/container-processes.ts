import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** A container process as the process runtime records it in `<state dir>/pods/<uid>/pids`. */
export interface RecordedProcess {
  readonly podUid: string;
  readonly container: string;
  readonly pid: number;
  /** Its start time in clock ticks since boot (`/proc/<pid>/stat` field 22), so a reused pid is not taken for it. */
  readonly startTime: string;
}

/** A live process whose working directory is inside a kubelet's state dir: a container process of that kubelet's runtime. */
export interface LiveContainerProcess {
  readonly pid: number;
  readonly startTime: string;
  /** The pod uid its working directory (`<state dir>/pods/<uid>/<container>`) names. */
  readonly podUid: string;
}

/** The pid records of every pod under a process-runtime kubelet's `stateDir` (one `<container> <pid> <start time>` line each). */
export function recordedProcesses(stateDir: string): RecordedProcess[] {
  const pods = path.join(stateDir, 'pods');
  let uids: string[];
  try {
    uids = readdirSync(pods);
  } catch {
    return [];
  }
  return uids.flatMap((podUid) => {
    let text = '';
    try {
      text = readFileSync(path.join(pods, podUid, 'pids'), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' '))
      .map(([container = '', pid = '', startTime = '']) => ({ podUid, container, pid: Number(pid), startTime }));
  });
}

/** The state and start time of `pid` (`/proc/<pid>/stat` fields 3 and 22), or undefined when it is gone. */
function stat(pid: number): { state: string; startTime: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', startTime: fields[19] ?? '' };
}

/** True when `pid` is a live process (not a zombie) and, given a start time, the same process as then. */
export function isRunning(pid: number, startTime = ''): boolean {
  const s = stat(pid);
  return s !== undefined && s.state !== 'Z' && s.state !== 'X' && (startTime === '' || s.startTime === startTime);
}

/**
 * Every live process whose working directory is inside `stateDir` (found through /proc): the
 * container processes of that kubelet — recorded or not, of existing pods or not.
 */
export function processesUnder(stateDir: string): LiveContainerProcess[] {
  const pods = path.join(path.resolve(stateDir), 'pods') + path.sep;
  const found: LiveContainerProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      continue; // gone, or a zombie
    }
    const s = stat(Number(entry));
    if (!cwd.startsWith(pods) || !s || s.state === 'Z' || s.state === 'X') continue;
    found.push({ pid: Number(entry), startTime: s.startTime, podUid: cwd.slice(pods.length).split(path.sep)[0]! });
  }
  return found;
}

/**
 * True when the process' environment names a sandbox under `<stateDir>/pods` (KUBELEDGER_SANDBOX):
 * how the next kubelet finds a process whose pid its killed predecessor had no time to write.
 */
export function carriesSandbox(pid: number, stateDir: string): boolean {
  try {
    const prefix = `KUBELEDGER_SANDBOX=${path.join(path.resolve(stateDir), 'pods')}${path.sep}`;
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').some((v) => v.startsWith(prefix));
  } catch {
    return false;
  }
}
