import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Revision } from '@kubeledger/api';
import { createTestBus, waitUntil } from '@kubeledger/bus/testing';
import { PostgresEventStore, type GroupCommitOptions } from '@kubeledger/event-store';
import { RelayThread } from '@kubeledger/relay-host';
import { createTestDatabase } from '@kubeledger/event-store/testing';
import { podFixture } from '../pod-fixture.js';
import { printTable, progress, writeResults } from '../report.js';
import { Samples, now, round, summarize, type LatencySummary } from '../stats.js';

/**
 * Store write throughput and latency (issue 2): creates and updates of ~1 KB pod-like objects at
 * 1, 8 and 64 concurrent callers, with group commit and — as the baseline — the same transaction
 * shape one write per transaction; relay publish lag (commit → JetStream ack) under that load.
 */
export interface Mode {
  readonly name: string;
  readonly groupCommit: GroupCommitOptions;
  readonly poolSize: number;
}

export interface Cell {
  readonly mode: string;
  readonly op: 'create' | 'update';
  readonly callers: number;
  readonly writesPerSec: number;
  readonly latency: LatencySummary;
}

export async function run(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: { seconds: { type: 'string', default: '5' }, callers: { type: 'string', default: '1,8,64' } },
  });
  const seconds = Number(values.seconds);
  const callerCounts = values.callers.split(',').map(Number);
  const maxCallers = Math.max(...callerCounts);
  const modes: Mode[] = [
    { name: 'group commit', groupCommit: { maxBatch: 256, maxInFlight: 2 }, poolSize: 4 },
    { name: 'baseline', groupCommit: { maxBatch: 1, maxInFlight: maxCallers }, poolSize: maxCallers },
  ];

  const cells: Cell[] = [];
  const relayLag: Record<string, LatencySummary> = {};
  for (const mode of modes) {
    const lag = new Samples();
    for (const callers of callerCounts) {
      // Every caller count starts from the same state, as the reference pgbench cells do (tables
      // emptied, then CHECKPOINT): a database and a stream of its own, the relay caught up.
      const run = await startRun(mode, lag);
      try {
        for (const op of ['create', 'update'] as const) {
          await waitUntil(async () => run.relay.stats().publishedRevision >= (await run.store.currentRevision()), 60_000, 'the relay to catch up');
          await checkpoint(run.url);
          progress(`${mode.name}: ${op} with ${callers} caller(s) for ${seconds} s`);
          const cell = await measure(run.store, mode.name, op, callers, seconds, run.committedAt);
          cells.push(cell);
          progress(`  ${cell.writesPerSec} writes/s, p50 ${cell.latency.p50Ms} ms, p99 ${cell.latency.p99Ms} ms`);
        }
        await waitUntil(async () => run.relay.stats().publishedRevision >= (await run.store.currentRevision()), 60_000, 'the relay to catch up');
      } finally {
        await run.stop();
      }
    }
    relayLag[mode.name] = summarize(lag.values());
  }

  printTable(
    'Store writes (~1 KB pod-like objects, synchronous_commit on)',
    cells.map((c) => ({ mode: c.mode, op: c.op, callers: c.callers, 'writes/s': c.writesPerSec, 'p50 ms': c.latency.p50Ms, 'p99 ms': c.latency.p99Ms, 'max ms': c.latency.maxMs })),
  );
  const ratios = callerCounts.flatMap((callers) =>
    (['create', 'update'] as const).map((op) => {
      const group = cells.find((c) => c.mode === 'group commit' && c.op === op && c.callers === callers)!;
      const base = cells.find((c) => c.mode === 'baseline' && c.op === op && c.callers === callers)!;
      return { op, callers, 'group/baseline': round(group.writesPerSec / base.writesPerSec) };
    }),
  );
  printTable('Group commit vs baseline (writes/s ratio)', ratios);
  printTable(
    'Relay publish lag (commit → JetStream ack) during the runs above',
    Object.entries(relayLag).map(([mode, s]) => ({ mode, published: s.count, 'p50 ms': s.p50Ms, 'p99 ms': s.p99Ms, 'max ms': s.maxMs })),
  );
  const file = await writeResults('store', { seconds, cells, ratios, relayLag });
  console.log(`\nresults written to ${file}`);
}

export interface Run {
  readonly url: string;
  readonly store: PostgresEventStore;
  readonly relay: RelayThread;
  readonly committedAt: Map<Revision, number>;
  stop(): Promise<void>;
}

/** A fresh database and stream, the store on it, and — as in the apiserver — the relay on its own thread, woken by every commit. */
export async function startRun(mode: Mode, lag: Samples): Promise<Run> {
  const database = await createTestDatabase('bench');
  const bus = await createTestBus();
  const store = await PostgresEventStore.open({ url: database.url, poolSize: mode.poolSize, groupCommit: mode.groupCommit });
  const committedAt = new Map<Revision, number>();
  const relay = RelayThread.start({
    databaseUrl: database.url,
    bus: bus.config,
    holder: 'bench',
    onPublished: (last, count, ackedAt) => {
      for (let rev = last - count + 1; rev <= last; rev++) {
        const at = committedAt.get(rev);
        if (at !== undefined) {
          lag.push(ackedAt - at);
          committedAt.delete(rev);
        }
      }
    },
  });
  const unsubscribe = store.onCommit(() => relay.poke());
  await waitUntil(() => relay.stats().leader, 30_000, 'the relay thread to lead'); // it takes about a second to start
  return {
    url: database.url,
    store,
    relay,
    committedAt,
    async stop() {
      unsubscribe();
      await relay.stop();
      await store.close();
      await bus.cleanup();
      await database.drop();
    },
  };
}

export async function measure(
  store: PostgresEventStore,
  mode: string,
  op: 'create' | 'update',
  callers: number,
  seconds: number,
  committedAt: Map<Revision, number>,
): Promise<Cell> {
  const samples = new Samples();
  const prefix = `c${callers}`;
  const deadline = now() + seconds * 1000;
  const actor = { actor: { user: 'bench' } };
  const ref = (caller: number, i: number) => ({ group: '', resource: 'pods', namespace: 'bench', name: `${prefix}-${caller}-${i}` });
  const created = new Map<number, number>(); // caller → objects it created in this cell's create run

  const worker = async (caller: number) => {
    let i = 0;
    // Updates go round-robin over the objects this caller created (distinct keys across callers).
    const own = op === 'update' ? (createdCounts.get(`${prefix}-${caller}`) ?? 0) : 0;
    if (op === 'update' && own === 0) return;
    while (now() < deadline) {
      const start = now();
      const result =
        op === 'create'
          ? await store.create({ ref: ref(caller, i), object: podFixture(ref(caller, i).name) }, actor)
          : await store.update({ ref: ref(caller, i % own), object: podFixture(ref(caller, i % own).name, i + 2) }, actor);
      const end = now();
      samples.push(end - start);
      committedAt.set(result.revision, performance.timeOrigin + end);
      i++;
    }
    if (op === 'create') created.set(caller, i);
  };
  const started = now();
  await Promise.all(Array.from({ length: callers }, (_, c) => worker(c)));
  const elapsed = (now() - started) / 1000;
  for (const [caller, n] of created) createdCounts.set(`${prefix}-${caller}`, n);
  return { mode, op, callers, writesPerSec: Math.round(samples.length / elapsed), latency: summarize(samples.values()) };
}

/** Objects each caller created, so the update run that follows touches only existing keys. */
const createdCounts = new Map<string, number>();

async function checkpoint(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

