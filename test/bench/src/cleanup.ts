import { startCleanupWatchdog, type CleanupWatchdog } from './cleanup-watchdog.js';

/**
 * What a benchmark must undo — processes to stop, a database and stream to drop — registered as it
 * starts them and undone last-first, once, however the run ends: {@link run} from `finally` and
 * from the SIGINT/SIGTERM handlers {@link onSignals} installs (Ctrl-C cleans up too). Should this
 * process die first (SIGKILL, or `npm run`'s tsx wrapper killing it on Ctrl-C), the
 * {@link watchdog} undoes what it was told of; it is released once every step here succeeded.
 */
export class Cleanup {
  readonly watchdog: CleanupWatchdog = startCleanupWatchdog();
  readonly #steps: { name: string; undo: () => Promise<unknown> }[] = [];
  #running: Promise<void> | undefined;

  defer(name: string, undo: () => Promise<unknown>): void {
    if (this.#running) throw new Error(`cleanup already ran: cannot defer ${name}`);
    this.#steps.push({ name, undo });
  }

  /** Undoes every step, last first; a failing step is reported and the others still run. */
  run(): Promise<void> {
    this.#running ??= (async () => {
      let failed = false;
      for (const step of this.#steps.reverse()) {
        try {
          await step.undo();
        } catch (err) {
          failed = true;
          process.stderr.write(`cleanup: ${step.name} failed: ${(err as Error).message}\n`);
        }
      }
      if (!failed) await this.watchdog.release(); // else it tries again once this process is gone
    })();
    return this.#running;
  }

  /** On SIGINT or SIGTERM (the first; more change nothing): cleans up, then exits with 130 or 143. Returns a function that removes the handlers. */
  onSignals(): () => void {
    let received = false;
    const handler = (signal: NodeJS.Signals) => {
      if (received) return;
      received = true;
      process.stderr.write(`\n${signal}: stopping every process this benchmark started and dropping its database and stream\n`);
      void this.run().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  }
}
