import pg from 'pg';

export interface LeaderLockOptions {
  readonly url: string;
  /** What is being led, e.g. `relay/K8S`; one leader per name per database. */
  readonly name: string;
  /** How often a held lock's connection is checked. */
  readonly checkEveryMs?: number;
}

/**
 * Leadership through a Postgres session advisory lock on a connection of its own (not pooled:
 * the lock lives as long as the session). When the session dies the server releases the lock and
 * another process can take it; `lost` resolves here as soon as this side notices.
 */
export class PgLeaderLock {
  readonly #options: Required<LeaderLockOptions>;
  #client: pg.Client | undefined;
  #lost: Promise<void> | undefined;
  #markLost: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: LeaderLockOptions) {
    this.#options = { checkEveryMs: 1000, ...options };
  }

  get lost(): Promise<void> | undefined {
    return this.#lost;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.#client) return true;
    const client = new pg.Client({ connectionString: this.#options.url, application_name: `kubeledger ${this.#options.name}` });
    client.on('error', () => this.#drop(client));
    try {
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(1801675116, hashtext($1)) AS ok', [this.#options.name]);
      if (!rows[0]?.ok) {
        await client.end();
        return false;
      }
    } catch (err) {
      client.end().catch(() => undefined);
      throw err;
    }
    this.#client = client;
    this.#lost = new Promise((resolve) => (this.#markLost = resolve));
    client.on('end', () => this.#drop(client));
    this.#timer = setInterval(() => {
      client.query('SELECT 1').catch(() => this.#drop(client));
    }, this.#options.checkEveryMs);
    this.#timer.unref();
    return true;
  }

  async release(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    this.#drop(client);
    try {
      await client.query('SELECT pg_advisory_unlock(1801675116, hashtext($1))', [this.#options.name]);
    } catch {
      // the session is gone, and the lock with it
    }
    await client.end().catch(() => undefined);
  }

  #drop(client: pg.Client): void {
    if (this.#client !== client) return;
    clearInterval(this.#timer);
    this.#client = undefined;
    this.#lost = undefined;
    this.#markLost?.();
    this.#markLost = undefined;
  }
}
