import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { StartError } from './start-error.js';

/** A process's command line ('' for a zombie), or undefined when there is no such process. */
export async function commandLine(pid: number): Promise<string | undefined> {
  if (os.platform() === 'linux') return readFile(`/proc/${pid}/cmdline`, 'utf8').then((text) => text.replaceAll('\0', ' ').trim(), () => undefined);
  return new Promise((resolve) => execFile('ps', ['-o', 'command=', '-p', String(pid)], (err, stdout) => resolve(err ? undefined : stdout.trim())));
}

/**
 * Stops a server an earlier `kubeledger up` left running when it was killed (SIGKILL reaches only
 * `up`): the process `pid`, if it still runs and its command line mentions `mentions` (its data
 * directory or config file, so a reused pid is never signalled). Resolves once it is gone; false
 * when there was nothing to stop.
 */
export async function stopLeftOverProcess(o: { pid: number; mentions: string; name: string; signal: NodeJS.Signals; progress: (message: string) => void }): Promise<boolean> {
  if (!(await commandLine(o.pid))?.includes(o.mentions)) return false;
  o.progress(`stopping the ${o.name} an earlier run left running (pid ${o.pid})`);
  process.kill(o.pid, o.signal);
  for (let waited = 0; await commandLine(o.pid); waited += 100) {
    if (waited > 60_000) throw new StartError(`the ${o.name} an earlier run left running (pid ${o.pid}) does not stop: stop it (kill ${o.pid}) and start again.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
