import { describe, expect, it } from 'vitest';
import { trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import type { StepResult } from '@kubeledger/client';
import { TRACE_ID_ANNOTATION, TRACE_SPAN_ID_ANNOTATION } from '@kubeledger/api';
import { SyncQueue } from './sync-queue.js';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

interface Started {
  readonly name: string;
  readonly options: SpanOptions;
  readonly parentTraceId: string | undefined;
}

/** A tracer that records each span it starts (name, options, the trace of its parent) and runs the work with a no-op span. */
function recordingTracer(): { tracer: Tracer; started: Started[] } {
  const started: Started[] = [];
  const noop = trace.getTracer('noop');
  const tracer = {
    startSpan: noop.startSpan.bind(noop),
    startActiveSpan: (name: string, options: SpanOptions, parent: Context, fn: (span: Span) => unknown) => {
      started.push({ name, options, parentTraceId: trace.getSpanContext(parent)?.traceId });
      return fn(noop.startSpan(name));
    },
  } as unknown as Tracer;
  return { tracer, started };
}

function queue(sync: (key: string) => Promise<StepResult>, extra: { objectOf?: (key: string) => object | undefined } = {}) {
  const { tracer, started } = recordingTracer();
  const logs: string[] = [];
  const q = new SyncQueue(sync, { name: 'widget', tracer, span: 'sync widget', resource: 'widgets', workers: 2, retryMs: 1, log: (m) => logs.push(m), ...(extra.objectOf && { objectOf: extra.objectOf as never }) });
  return { q, started, logs };
}

describe('SyncQueue', () => {
  it('syncs each key in a span continuing the trace of the event that queued it, named after the object', async () => {
    const synced: string[] = [];
    const { q, started } = queue(async (key) => {
      synced.push(key);
      return 'continue';
    });
    q.add('ns/a', { revision: 7, traceparent: PARENT });
    q.add('cluster-scoped');
    q.start();
    await q.idle();
    expect(synced.sort()).toEqual(['cluster-scoped', 'ns/a']);
    const a = started.find((s) => Object.values(s.options.attributes ?? {}).includes('a'))!;
    expect(a).toMatchObject({ name: 'sync widget', parentTraceId: '0af7651916cd43dd8448eb211c80319c' });
    expect(Object.values(a.options.attributes ?? {})).toEqual(expect.arrayContaining(['widgets', 'ns', 'a']));
    const cluster = started.find((s) => s !== a)!;
    expect(cluster.options).toMatchObject({ root: true });
    expect(Object.values(cluster.options.attributes ?? {})).toEqual(expect.arrayContaining(['cluster-scoped']));
    expect(Object.values(cluster.options.attributes ?? {})).not.toContain('ns');
  });

  it('continues a trace once: the retry of a failed sync starts a trace of its own, linked to the object\'s creation', async () => {
    let calls = 0;
    const { q, started, logs } = queue(
      async () => {
        calls++;
        if (calls === 1) throw new Error('apiserver down');
        return 'continue';
      },
      { objectOf: () => ({ metadata: { name: 'a', namespace: 'ns', annotations: { [TRACE_ID_ANNOTATION]: '1'.repeat(32), [TRACE_SPAN_ID_ANNOTATION]: '2'.repeat(16) } } }) },
    );
    q.add('ns/a', { revision: 7, traceparent: PARENT });
    q.start();
    while (calls < 2) await new Promise((r) => setTimeout(r, 5));
    await q.idle();
    expect(started.map((s) => s.parentTraceId)).toEqual(['0af7651916cd43dd8448eb211c80319c', undefined]);
    expect(started[1]!.options).toMatchObject({ root: true });
    expect(started[1]!.options.links?.map((l) => l.context.traceId)).toEqual(['1'.repeat(32)]);
    expect(logs.some((l) => l.startsWith('widget: ') && l.includes('apiserver down'))).toBe(true);
  });

  it('queues a key for later with addAfter, keeping the trace of the event', async () => {
    const { q, started } = queue(async () => 'continue');
    q.start();
    q.addAfter('ns/later', 5, { revision: 7, traceparent: PARENT });
    await new Promise((r) => setTimeout(r, 30));
    await q.idle();
    expect(started).toHaveLength(1);
    expect(started[0]!.parentTraceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });
});
