import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BusConfig } from '@kubeledger/bus';
import { REPO_ROOT } from '@kubeledger/test-cluster';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cleanup-watchdog-process.ts');

/** Tells the watchdog what to undo should this process die before it cleans up by itself. */
export interface CleanupWatchdog {
  killOnExit(pid: number): void;
  dropOnExit(databaseUrl: string): void;
  deleteStreamOnExit(bus: BusConfig): void;
  /** Everything was cleaned up: the watchdog leaves without doing anything. */
  release(): Promise<void>;
}

/**
 * Starts the cleanup watchdog (cleanup-watchdog-process.ts): a detached process that undoes what
 * it was told of — processes, databases, streams — if this process goes away (SIGKILL included)
 * before {@link CleanupWatchdog.release}. Its stdin is a pipe from here: when that closes without
 * `done`, it acts. It never keeps this process alive.
 */
export function startCleanupWatchdog(): CleanupWatchdog {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { cwd: REPO_ROOT, detached: true, stdio: ['pipe', 'ignore', 'inherit'] });
  child.unref();
  (child.stdin as unknown as { unref(): void }).unref();
  child.on('error', () => undefined);
  child.stdin.on('error', () => undefined);
  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
  return {
    killOnExit: (pid) => send({ kill: pid }),
    dropOnExit: (database) => send({ database }),
    deleteStreamOnExit: (stream) => send({ stream }),
    release() {
      send({ done: true });
      return new Promise((resolve) => child.stdin.end(resolve));
    },
  };
}
