import { parseArgs } from 'node:util';
import { BUILTIN_TYPES, updateManagedFields, type KubeObject } from '@kubeledger/api';
import { fieldManagerBenchWrites } from '@kubeledger/api/testing';
import { printTable, progress, writeResults } from '../report.js';
import { now, round } from '../stats.js';

/**
 * What the apiserver's managedFields bookkeeping costs in CPU, in process (no servers): the same
 * `updateManagedFields(BUILTIN_TYPES, live, object, options)` call RequestFieldManager makes, for
 * the writes a Deployment of pods causes — the ReplicaSet controller's pod create, the kubelet's
 * Event create, its pod /status update (Pending → Running), a Lease renew and a Node status
 * heartbeat. Each case is warmed up, then run for `--seconds`; the figure is µs per call (the
 * median of 250 ms slices, which is steadier than the mean on a noisy machine) and calls per second.
 */
export async function run(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { seconds: { type: 'string', default: '3' }, warmup: { type: 'string', default: '1' }, only: { type: 'string' } } });
  const seconds = Number(values.seconds);
  const warmup = Number(values.warmup);
  const cases = benchCases().filter((c) => !values.only || c.name.includes(values.only));
  const rows: Record<string, string | number>[] = [];
  for (const c of cases) {
    progress(`${c.name}: warming up for ${warmup} s, then ${seconds} s measured`);
    time(c.call, warmup);
    const t = time(c.call, seconds);
    rows.push({ case: c.name, 'µs/op (median slice)': round(t.medianUs), 'µs/op (mean)': round(t.meanUs), 'ops/s': Math.round(1e6 / t.medianUs), calls: t.calls });
  }
  printTable('updateManagedFields, in process (µs per call; lower is better)', rows);
  const file = await writeResults('managed-fields', { seconds, warmup, rows });
  console.log(`\nresults written to ${file}`);
}

interface Timing {
  readonly calls: number;
  readonly meanUs: number;
  readonly medianUs: number;
}

const SLICE_MS = 250;

/** Calls `fn` for `seconds`, in 250 ms slices (the clock is read every 64 calls, so reading it costs nothing). */
function time(fn: () => unknown, seconds: number): Timing {
  const perSlice: number[] = [];
  let calls = 0;
  const start = now();
  for (const deadline = start + seconds * 1000; now() < deadline; ) {
    const sliceStart = now();
    let n = 0;
    let elapsed = 0;
    do {
      for (let i = 0; i < 64; i++) fn();
      n += 64;
      elapsed = now() - sliceStart;
    } while (elapsed < SLICE_MS);
    perSlice.push((elapsed * 1000) / n);
    calls += n;
  }
  perSlice.sort((a, b) => a - b);
  return { calls, meanUs: ((now() - start) * 1000) / calls, medianUs: perSlice[Math.floor(perSlice.length / 2)]! };
}

interface BenchCase {
  readonly name: string;
  readonly call: () => KubeObject;
}

/** The writes libs/api's golden corpus also pins (fieldManagerBenchWrites), each object a fresh copy: requests are decoded afresh, sharing nothing with the live objects. */
function benchCases(): BenchCase[] {
  return fieldManagerBenchWrites().map((w) => {
    const live = w.live === undefined ? undefined : structuredClone(w.live);
    const object = structuredClone(w.object);
    return { name: w.name, call: () => updateManagedFields(BUILTIN_TYPES, live, object, w.options) };
  });
}
