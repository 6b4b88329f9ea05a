import type { FastifyInstance } from 'fastify';

/**
 * Tells long-running requests that the server is stopping. `app.close()` (what main.ts runs on
 * SIGTERM) fires it first, in a preClose hook: the server then stops accepting connections and
 * waits for the requests in flight, which a watch stream would otherwise hold open for good.
 *
 * A handler that streams takes `request.server.shutdown` and either listens on `signal` or
 * registers with `onShutdown(end)` (calling what it returns when its stream ends on its own), and
 * ends its response cleanly when told.
 */
export class ShutdownSignal {
  readonly #controller = new AbortController();

  /** Aborted when the server starts to shut down. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get stopping(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Runs `listener` once when shutdown starts (at once if it has); returns the unregister function. */
  onShutdown(listener: () => void): () => void {
    if (this.stopping) {
      listener();
      return () => {};
    }
    const signal = this.#controller.signal;
    signal.addEventListener('abort', listener, { once: true });
    return () => signal.removeEventListener('abort', listener);
  }

  /** Starts the shutdown; later calls do nothing. */
  trigger(): void {
    this.#controller.abort();
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Fired when the app starts to close: long-running requests end on it (see ShutdownSignal). */
    readonly shutdown: ShutdownSignal;
  }
}

/** Gives the app its ShutdownSignal (`app.shutdown`) and fires it when the app starts to close. */
export function registerShutdown(app: FastifyInstance): ShutdownSignal {
  const shutdown = new ShutdownSignal();
  app.decorate('shutdown', shutdown);
  app.addHook('preClose', async () => shutdown.trigger());
  return shutdown;
}
