import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startApiserver, type ApiserverProcess } from '@kubeledger/test-cluster';
import { HttpClient } from '../http-client.js';
import { podFixture } from '../pod-fixture.js';
import { createPodNamespace } from '../pod-namespace.js';
import { startOtlpSink } from '../otlp-sink.js';
import { printTable, progress, writeResults } from '../report.js';
import { ResourceMonitor } from '../resource-monitor.js';
import { Samples, now, round, summarize, type LatencySummary } from '../stats.js';
import { measure as measureStore, startRun as startStoreRun } from './store.js';

/**
 * The API through HTTP (issue 3): creates/s and latency at 1, 8 and 64 concurrent clients beside
 * the event store's own figures in the same run; write latency at a fixed 1,000 writes/s; GET;
 * LIST of 10,000 pods as JSON and as a Table; watch delivery latency (write acknowledged → event
 * received) to 100 watchers; apiserver memory for 10,000 pods. The apiserver is the real process
 * (`npm start`), on a database and stream of its own. Part `tracing` (issue 6): write latency with
 * tracing off and on (exporting OTLP to a local collector), on apiservers of their own, as a ratio.
 */
const PARTS = ['creates', 'store', 'fixed', 'get', 'list', 'watch', 'tracing'] as const;
type Part = (typeof PARTS)[number];
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

export async function run(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seconds: { type: 'string', default: '5' },
      clients: { type: 'string', default: '1,8,64' },
      'list-size': { type: 'string', default: '10000' },
      watchers: { type: 'string', default: '100' },
      rate: { type: 'string', default: '1000' },
      parts: { type: 'string', default: PARTS.join(',') },
      'cpu-prof': { type: 'string' },
    },
  });
  const parts = new Set(values.parts.split(','));
  const unknown = [...parts].filter((p) => !PARTS.includes(p as Part));
  if (unknown.length > 0) throw new Error(`unknown --parts ${unknown.join(',')}; choose from ${PARTS.join(',')}`);
  const seconds = Number(values.seconds);
  const clientCounts = values.clients.split(',').map(Number);
  const listSize = Number(values['list-size']);
  const watcherCount = Number(values.watchers);
  const rate = Number(values.rate);

  const results: Record<string, unknown> = { seconds };
  const mainParts = PARTS.filter((p) => p !== 'tracing' && parts.has(p));
  if (mainParts.length > 0) await mainSuite();
  if (parts.has('tracing')) {
    const overhead = await tracingOverhead(seconds, rate);
    results['tracing'] = overhead;
  }
  const file = await writeResults('api', results);
  console.log(`\nresults written to ${file}`);

  async function mainSuite(): Promise<void> {
    progress('starting the apiserver (npm start) on a fresh database and stream');
    const profileDir = values['cpu-prof'];
    const server = await startApiserver({ KUBELEDGER_COMPACTION_INTERVAL: '0' }, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    if (profileDir) progress(`the apiserver writes a CPU profile into ${profileDir} when it stops`);
    const client = new HttpClient(server.url, Math.max(...clientCounts, 64), server.tls);
    try {
      for (const ns of ['bench', 'list', 'watch']) await createPodNamespace(client, ns);

      // A fresh process runs its first seconds unoptimised (V8 has yet to compile the hot paths):
      // warm it up, unmeasured, so every part starts from the same state whichever runs first.
      progress('warming up: 3 s of creates with 8 clients (not measured)');
      await createsAt(client, 8, 3, 'warmup');
      const creates: ({ clients: number } & Throughput)[] = [];
      if (parts.has('creates') || parts.has('get')) {
        for (const clients of clientCounts) {
          progress(`HTTP creates with ${clients} client(s) for ${seconds} s`);
          const cell = await createsAt(client, clients, seconds, `c${clients}`);
          creates.push({ clients, ...cell });
          progress(`  ${cell.perSec} creates/s, p50 ${cell.latency.p50Ms} ms, p99 ${cell.latency.p99Ms} ms`);
        }
        results['creates'] = creates;
      }

      const store: { clients: number; perSec: number; latency: LatencySummary }[] = [];
      if (parts.has('store')) {
        progress(`event store creates (same machine, no HTTP) for ${seconds} s per cell`);
        for (const clients of clientCounts) {
          const storeRun = await startStoreRun({ name: 'group commit', groupCommit: { maxBatch: 256, maxInFlight: 2 }, poolSize: 4 }, new Samples());
          try {
            const cell = await measureStore(storeRun.store, 'group commit', 'create', clients, seconds, storeRun.committedAt);
            store.push({ clients, perSec: cell.writesPerSec, latency: cell.latency });
          } finally {
            await storeRun.stop();
          }
        }
        results['store'] = store;
      }
      if (creates.length > 0) {
        printTable(
          store.length > 0 ? 'HTTP creates (POST ~1 KB pods) beside the event store alone' : 'HTTP creates (POST ~1 KB pods)',
          creates.map((c) => {
            const s = store.find((x) => x.clients === c.clients);
            const row = { clients: c.clients, 'creates/s': c.perSec, 'p50 ms': c.latency.p50Ms, 'p99 ms': c.latency.p99Ms };
            return s ? { ...row, 'store writes/s': s.perSec, 'store p99 ms': s.latency.p99Ms, 'HTTP/store': round(c.perSec / s.perSec) } : row;
          }),
        );
      }

      if (parts.has('fixed')) {
        progress(`write latency at a fixed ${rate} creates/s for ${seconds} s`);
        const fixed = await createsAtRate(client, rate, seconds);
        results['fixedRate'] = { rate, ...fixed };
        printTable(`Write latency at a fixed ${rate} creates/s (from the scheduled send time)`, [{ 'offered/s': rate, 'achieved/s': fixed.perSec, 'p50 ms': fixed.latency.p50Ms, 'p99 ms': fixed.latency.p99Ms, 'max ms': fixed.latency.maxMs }]);
      }

      if (parts.has('get')) {
        progress(`GET with 8 clients for ${seconds} s`);
        const most = Math.max(...clientCounts); // every one of its clients created <prefix>-<client>-0
        const gets = await getsAt(client, 8, seconds, `c${most}`, most);
        results['gets'] = gets;
        printTable('GET one pod (8 clients)', [{ 'gets/s': gets.perSec, 'p50 ms': gets.latency.p50Ms, 'p99 ms': gets.latency.p99Ms }]);
      }

      if (parts.has('list')) {
        progress(`creating ${listSize} pods in namespace list`);
        const rssBefore = rssMiB(server);
        await fill(client, 'list', listSize);
        const rssAfter = rssMiB(server);
        const lists = [];
        for (const [format, accept] of [['JSON', 'application/json'], ['Table', TABLE_ACCEPT]] as const) {
          const samples = new Samples();
          let bytes = 0;
          for (let i = 0; i < 10; i++) {
            const res = await expectOk(client.request('GET', '/api/v1/namespaces/list/pods', undefined, { accept }));
            samples.push(res.ms);
            bytes = res.body.length;
          }
          lists.push({ format, items: listSize, MiB: round(bytes / 2 ** 20), ...summarize(samples.values()) });
          progress(`  LIST ${listSize} pods as ${format}: p50 ${summarize(samples.values()).p50Ms} ms`);
        }
        results['lists'] = lists;
        results['memory'] = { pods: listSize, rssBefore, rssAfter };
        printTable(`LIST ${listSize} pods (10 requests each)`, lists.map((l) => ({ format: l.format, MiB: l.MiB, 'p50 ms': l.p50Ms, 'p99 ms': l.p99Ms, 'max ms': l.maxMs })));
        printTable('apiserver memory (RSS) for the pods above', [{ pods: listSize, 'before MiB': rssBefore, 'after MiB': rssAfter, 'growth MiB': round(rssAfter - rssBefore) }]);
      }

      if (parts.has('watch')) {
        progress(`watch delivery to ${watcherCount} watchers`);
        const watch = await watchDelivery(client, watcherCount, Math.min(seconds, 5));
        results['watch'] = watch;
        printTable(`Watch delivery (create acknowledged → event received), ${watcherCount} watchers`, [
          { events: watch.created, deliveries: watch.latency.count, 'p50 ms': watch.latency.p50Ms, 'p99 ms': watch.latency.p99Ms, 'max ms': watch.latency.maxMs, missing: watch.missing },
        ]);
      }
    } finally {
      client.close();
      await server.stop();
    }
  }
}

/**
 * Write latency with tracing off and on: each on an apiserver of its own (the real process, on a
 * database and stream of its own), warmed up, then creates with 1 and 8 clients and at a fixed rate
 * — in five rounds, off/on alternately, so that drift of the machine weighs on both. With tracing on, the
 * apiserver exports every span over OTLP/HTTP (protobuf, the SDK's default batching) to a local
 * collector, as it would to Jaeger. The ratio is on the median p50 of each cell. The apiserver's
 * CPU time per create (all its threads) is reported too: 8 closed-loop clients keep the machine's
 * two cores busy, so there the latency ratio follows the CPU ratio.
 */
async function tracingOverhead(seconds: number, rate: number) {
  const sink = await startOtlpSink();
  const fixedRate = Math.min(rate, 300);
  const cells: Record<'off' | 'on', Record<string, Throughput[]>> = { off: {}, on: {} };
  const cpu: Record<'off' | 'on', Record<string, number[]>> = { off: {}, on: {} };
  try {
    for (const pass of [1, 2, 3, 4, 5]) {
      for (const mode of ['off', 'on'] as const) {
        progress(`tracing ${mode} (round ${pass}/5): starting an apiserver${mode === 'on' ? ` exporting to ${sink.url}` : ''}`);
        const env: Record<string, string> = { KUBELEDGER_COMPACTION_INTERVAL: '0', ...(mode === 'on' && { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url }) };
        const server = await startApiserver(env);
        const client = new HttpClient(server.url, 8, server.tls);
        const monitor = new ResourceMonitor();
        monitor.add({ name: 'apiserver', pids: () => [server.pid], rss: false });
        try {
          await createPodNamespace(client, 'bench');
          await createsAt(client, 8, 3, 'warmup');
          const record = async (name: string, run: () => Promise<Throughput>) => {
            await monitor.begin();
            const cell = await run();
            const usage = await monitor.end();
            const cpuMs = round((usage.targets[0]!.cpuSeconds * 1000) / cell.count, 3);
            (cells[mode][name] ??= []).push(cell);
            (cpu[mode][name] ??= []).push(cpuMs);
            progress(`  ${name}: ${cell.perSec}/s, p50 ${cell.latency.p50Ms} ms, p99 ${cell.latency.p99Ms} ms, apiserver CPU ${cpuMs} ms per create`);
          };
          await record('1 client', () => createsAt(client, 1, seconds, `t1-${pass}`));
          await record('8 clients', () => createsAt(client, 8, seconds, `t8-${pass}`));
          await record(`${fixedRate}/s`, () => createsAtRate(client, fixedRate, seconds));
        } finally {
          client.close();
          await server.stop();
        }
      }
    }
  } finally {
    await sink.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
  const rows = Object.keys(cells.off).map((name) => {
    const off = cells.off[name]!;
    const on = cells.on[name]!;
    const p50Off = median(off.map((c) => c.latency.p50Ms));
    const p50On = median(on.map((c) => c.latency.p50Ms));
    const p99Off = median(off.map((c) => c.latency.p99Ms));
    const p99On = median(on.map((c) => c.latency.p99Ms));
    return {
      cell: name,
      'off /s': median(off.map((c) => c.perSec)),
      'on /s': median(on.map((c) => c.perSec)),
      'off p50 ms': p50Off,
      'on p50 ms': p50On,
      'p50 on/off': round(p50On / p50Off),
      'off p99 ms': p99Off,
      'on p99 ms': p99On,
      'p99 on/off': round(p99On / p99Off),
      'off CPU ms': median(cpu.off[name]!),
      'on CPU ms': median(cpu.on[name]!),
      'CPU on/off': round(median(cpu.on[name]!) / median(cpu.off[name]!)),
    };
  });
  printTable(`Tracing overhead on writes (creates; median of 5 rounds; OTLP export to a local collector: ${sink.stats.requests} exports, ${round(sink.stats.bytes / 2 ** 20)} MiB)`, rows);
  return { rows, exports: sink.stats };
}

interface Throughput {
  readonly perSec: number;
  /** Requests answered. */
  readonly count: number;
  readonly latency: LatencySummary;
}

async function expectOk<T extends { status: number; body: Buffer }>(promise: Promise<T>): Promise<T> {
  const res = await promise;
  if (res.status >= 300) throw new Error(`HTTP ${res.status}: ${res.body.toString().slice(0, 300)}`);
  return res;
}

const pod = (name: string, namespace: string) => {
  const p = podFixture(name);
  return { ...p, metadata: { ...p.metadata, namespace, uid: undefined, creationTimestamp: undefined } };
};

async function createsAt(client: HttpClient, clients: number, seconds: number, prefix: string): Promise<Throughput> {
  const samples = new Samples();
  const deadline = now() + seconds * 1000;
  const worker = async (c: number) => {
    for (let i = 0; now() < deadline; i++) {
      const res = await expectOk(client.request('POST', '/api/v1/namespaces/bench/pods', pod(`${prefix}-${c}-${i}`, 'bench')));
      samples.push(res.ms);
    }
  };
  const started = now();
  await Promise.all(Array.from({ length: clients }, (_, c) => worker(c)));
  return { count: samples.length, perSec: Math.round(samples.length / ((now() - started) / 1000)), latency: summarize(samples.values()) };
}

/** Open loop: a create every 1/rate s whatever the answers, latency counted from when it was due (no coordinated omission). */
async function createsAtRate(client: HttpClient, rate: number, seconds: number): Promise<Throughput> {
  const samples = new Samples();
  const total = Math.round(rate * seconds);
  const started = now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      expectOk(client.request('POST', '/api/v1/namespaces/bench/pods', pod(`rate-${i}`, 'bench'))).then(() => {
        samples.push(now() - due);
      }),
    );
  }
  await Promise.all(inFlight);
  return { count: total, perSec: Math.round(total / ((now() - started) / 1000)), latency: summarize(samples.values()) };
}

async function getsAt(client: HttpClient, clients: number, seconds: number, prefix: string, creators: number): Promise<Throughput> {
  const samples = new Samples();
  const deadline = now() + seconds * 1000;
  const worker = async (c: number) => {
    for (let i = 0; now() < deadline; i++) {
      const res = await expectOk(client.request('GET', `/api/v1/namespaces/bench/pods/${prefix}-${(c + i) % creators}-0`));
      samples.push(res.ms);
    }
  };
  const started = now();
  await Promise.all(Array.from({ length: clients }, (_, c) => worker(c)));
  return { count: samples.length, perSec: Math.round(samples.length / ((now() - started) / 1000)), latency: summarize(samples.values()) };
}

async function fill(client: HttpClient, namespace: string, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await expectOk(client.request('POST', `/api/v1/namespaces/${namespace}/pods`, pod(`p-${String(i).padStart(5, '0')}`, namespace)));
      if (i % 2000 === 0) progress(`  ${i}/${count}`);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
}

/** Watchers on namespace `watch`; one writer creates pods for `seconds`; each delivery's delay after the create's acknowledgement. */
async function watchDelivery(client: HttpClient, watchers: number, seconds: number) {
  const list = JSON.parse((await expectOk(client.request('GET', '/api/v1/namespaces/watch/pods'))).body.toString());
  const rv = list.metadata.resourceVersion as string;
  const received = new Map<string, number[]>();
  const closers = [];
  for (let w = 0; w < watchers; w++) {
    closers.push(
      await client.watch(`/api/v1/namespaces/watch/pods?watch=true&resourceVersion=${rv}`, (frame, at) => {
        if (frame.type !== 'ADDED') return;
        const name = frame.object.metadata?.name ?? '';
        let times = received.get(name);
        if (!times) received.set(name, (times = []));
        times.push(at);
      }),
    );
  }
  const acked = new Map<string, number>();
  const deadline = now() + seconds * 1000;
  for (let i = 0; now() < deadline; i++) {
    const name = `w-${i}`;
    await expectOk(client.request('POST', '/api/v1/namespaces/watch/pods', pod(name, 'watch')));
    acked.set(name, now());
    await new Promise((r) => setTimeout(r, 5)); // about 150 writes/s: delivery latency, not throughput
  }
  await new Promise((r) => setTimeout(r, 1000));
  for (const close of closers) close();
  const samples = new Samples();
  let missing = 0;
  for (const [name, ackedAt] of acked) {
    const times = received.get(name) ?? [];
    missing += watchers - times.length;
    // An event can arrive before the create's response does: that is zero delay.
    for (const at of times) samples.push(Math.max(0, at - ackedAt));
  }
  return { watchers, created: acked.size, missing, latency: summarize(samples.values()) };
}

function rssMiB(server: ApiserverProcess): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024);
}
