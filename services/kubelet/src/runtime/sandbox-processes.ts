import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The variable every container process (and whatever it starts) carries: its pod's sandbox
 * directory. A kubelet killed between spawning a process and recording its pid leaves a process no
 * pid file knows; the variable still names it, since a process' initial environment stays readable
 * in /proc whatever it does later.
 */
export const SANDBOX_ENV = 'KUBELEDGER_SANDBOX';

/**
 * The live processes of this user whose environment names a sandbox under `podsDir`
 * (`<state dir>/pods`), with their process group and that sandbox; none when /proc is not there.
 */
export function sandboxProcesses(podsDir: string): { pid: number; pgid: number; sandbox: string }[] {
  const prefix = `${SANDBOX_ENV}=${path.resolve(podsDir)}${path.sep}`;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: { pid: number; pgid: number; sandbox: string }[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) continue;
    let environ: string;
    let stat: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone, or another user's
    }
    const variable = environ.split('\0').find((v) => v.startsWith(prefix));
    // stat: `pid (comm) state ppid pgrp …`; a zombie (Z) is dead already.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (variable && state !== 'Z') found.push({ pid, pgid: Number(pgrp), sandbox: variable.slice(SANDBOX_ENV.length + 1) });
  }
  return found;
}
