import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Relay, connectBus, readStreamBounds } from '@kubeledger/bus';
import { createTestBus, readStreamMessages } from '@kubeledger/bus/testing';
import { PostgresEventStore } from '@kubeledger/event-store';
import { createTestDatabase } from '@kubeledger/event-store/testing';
import { runWriters, waitUntil } from './testing/pipeline-harness.js';

const RELAY_PROCESS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing', 'relay-process.ts');

interface RelayChild {
  readonly process: ChildProcess;
  readonly output: string[];
  leading(): boolean;
}

function startRelayProcess(env: Record<string, string>): RelayChild {
  const child = spawn(process.execPath, ['--import', 'tsx', RELAY_PROCESS], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const output: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => output.push(...chunk.split('\n').filter(Boolean)));
  return { process: child, output, leading: () => output.includes('LEADER') };
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setup(label: string) {
  const database = await createTestDatabase(label);
  cleanups.push(() => database.drop());
  const bus = await createTestBus();
  cleanups.push(() => bus.cleanup());
  const store = await PostgresEventStore.open({ url: database.url, poolSize: 4 });
  cleanups.push(() => store.close());
  return { database, bus, store };
}

/** Every revision 1..head on the stream once, at its own sequence; as many events as acknowledged writes. */
async function expectCompleteStream(bus: Awaited<ReturnType<typeof createTestBus>>, head: number, writes: number) {
  const messages = await readStreamMessages(bus.conn);
  expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  expect(messages.every((m) => m.revision === m.seq)).toBe(true);
  expect(messages.filter((m) => !m.filler)).toHaveLength(writes);
}

describe('relay failover', () => {
  it('a standby relay takes over when the active one is killed mid-stream', async () => {
    const { database, bus, store } = await setup('failover');
    const env = { DATABASE_URL: database.url, NATS_URL: bus.config.servers, BUS_PREFIX: bus.config.prefix, BUS_STREAM: bus.config.stream };
    const a = startRelayProcess({ ...env, HOLDER: 'a' });
    const b = startRelayProcess({ ...env, HOLDER: 'b' });
    cleanups.push(async () => [a, b].forEach((c) => c.process.kill('SIGKILL')));
    await waitUntil(() => a.leading() || b.leading(), 30_000, 'one relay process to lead');
    const [leader, standby] = a.leading() ? [a, b] : [b, a];

    const deadline = Date.now() + 4_000;
    const writing = runWriters(store, 16, 30, () => Date.now() < deadline);
    await waitUntil(async () => (await readStreamBounds(bus.conn)).lastRevision > 200, 20_000, 'the leader to publish');
    leader.process.kill('SIGKILL');
    await waitUntil(() => standby.leading(), 20_000, 'the standby to take over');
    const writes = await writing;
    const head = await store.currentRevision();
    await waitUntil(async () => (await readStreamBounds(bus.conn)).lastRevision >= head, 30_000, 'the new leader to reach the head');

    await expectCompleteStream(bus, head, writes.length);
    expect((await readStreamBounds(bus.conn)).lastRevision).toBe(head);
  });

  it('two relays that both believe they lead still publish every revision once, in order', async () => {
    const { bus, store } = await setup('splitbrain');
    const alwaysLeads = () => ({ tryAcquire: async () => true, lost: new Promise<void>(() => undefined), release: async () => undefined });
    const relays = await Promise.all(
      ['x', 'y'].map(async (holder) => {
        const conn = await connectBus(bus.config);
        const relay = new Relay({ bus: conn, source: store, lock: alwaysLeads(), holder, idlePollMs: 1 });
        const done = relay.start();
        cleanups.push(async () => {
          await relay.stop();
          await done;
          await conn.close();
        });
        return relay;
      }),
    );
    const deadline = Date.now() + 3_000;
    const writes = await runWriters(store, 16, 30, () => Date.now() < deadline);
    const head = await store.currentRevision();
    await waitUntil(async () => (await readStreamBounds(bus.conn)).lastRevision >= head, 30_000, 'the relays to reach the head');
    expect(relays.every((r) => r.stats().leader)).toBe(true);
    await expectCompleteStream(bus, head, writes.length);
  });
});
