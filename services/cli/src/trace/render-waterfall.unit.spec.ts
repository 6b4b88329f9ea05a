import { describe, expect, it } from 'vitest';
import type { TraceSpan, TraceView } from './jaeger-query.js';
import { renderWaterfall } from './render-waterfall.js';

const T0 = 1_700_000_000_000_000; // µs since the epoch
const LINK = 'http://jaeger.example:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736';

const span = (spanId: string, service: string, operation: string, startMs: number, durationMs: number, parentSpanId?: string): TraceSpan => ({
  spanId,
  service,
  operation,
  startUs: T0 + startMs * 1000,
  durationUs: durationMs * 1000,
  ...(parentSpanId && { parentSpanId }),
});

// A pod creation, given in the order an exporter sends spans (children end first).
const creation: TraceView = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spans: [
    span('b', 'apiserver', 'append events', 2, 3, 'a'),
    span('a', 'apiserver', 'POST /api/v1/namespaces/{namespace}/pods', 0, 10),
    span('d', 'scheduler', 'POST binding', 14, 4, 'c'),
    span('c', 'scheduler', 'schedule pod', 12, 8, 'a'),
    span('e', 'kubelet', 'sync pod', 30, 70, 'a'),
  ],
};

/** The table rows (between the column header and the blank line before the link). */
function rows(text: string): string[] {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.startsWith('SERVICE'));
  return lines.slice(header + 1, lines.indexOf('', header));
}

describe('renderWaterfall', () => {
  it('lists the spans in start order, whatever order they came in', () => {
    const operations = rows(renderWaterfall(creation, { width: 120, link: LINK })).map((r) => r.split(/\s{2,}/)[1]);
    expect(operations).toEqual(['POST /api/v1/namespaces/{namespace}/pods', 'append events', 'schedule pod', 'POST binding', 'sync pod']);
  });

  it('indents each operation by its depth below its parent, and shows its service', () => {
    const text = renderWaterfall(creation, { width: 120, link: LINK });
    const [root, append, schedule, binding, sync] = rows(text);
    expect(root).toMatch(/^apiserver  POST \/api/);
    expect(append).toMatch(/^apiserver    append events/);
    expect(schedule).toMatch(/^scheduler    schedule pod/);
    expect(binding).toMatch(/^scheduler      POST binding/);
    expect(sync).toMatch(/^kubelet      sync pod/);
  });

  it('puts a span whose parent is not in the trace at depth 0', () => {
    const orphan: TraceView = { traceId: creation.traceId, spans: [span('x', 'kubelet', 'sync pod', 5, 1, 'gone'), span('y', 'kubelet', 'runtime start', 6, 1, 'x')] };
    const [sync, start] = rows(renderWaterfall(orphan, { width: 100, link: LINK }));
    expect(sync).toMatch(/^kubelet  sync pod/);
    expect(start).toMatch(/^kubelet    runtime start/);
  });

  it('puts a parent before a child that starts at the same microsecond', () => {
    const same: TraceView = { traceId: creation.traceId, spans: [span('c', 'apiserver', 'child', 0, 1, 'p'), span('p', 'apiserver', 'parent', 0, 2)] };
    expect(rows(renderWaterfall(same, { width: 100, link: LINK })).map((r) => r.split(/\s{2,}/)[1])).toEqual(['parent', 'child']);
  });

  it('gives each start as the offset from the first span and each duration, in milliseconds', () => {
    const precise: TraceView = { traceId: creation.traceId, spans: [span('a', 'apiserver', 'request', 0, 12.5), { ...span('b', 'scheduler', 'schedule', 0, 0, 'a'), startUs: T0 + 1234, durationUs: 567 }] };
    const [request, schedule] = rows(renderWaterfall(precise, { width: 100, link: LINK }));
    expect(request).toMatch(/request\s+0\.000\s+12\.500\s/);
    expect(schedule).toMatch(/schedule\s+1\.234\s+0\.567\s/);
  });

  it('heads the table with the trace id, span count, services and total duration, and ends with the Jaeger UI link', () => {
    const lines = renderWaterfall(creation, { width: 120, link: LINK }).split('\n');
    expect(lines[0]).toBe('trace 4bf92f3577b34da6a3ce929d0e0e4736: 5 spans from 3 services (apiserver, scheduler, kubelet), 100.000 ms');
    expect(lines.at(-1)).toBe(`open in Jaeger: ${LINK}`);
  });

  it('scales the bars to the width left by the text columns and places them on the timeline', () => {
    for (const width of [80, 100, 160]) {
      const table = rows(renderWaterfall(creation, { width, link: LINK }));
      for (const row of table) expect(row.length).toBeLessThanOrEqual(width);
      const barStart = table[0]!.indexOf('█');
      const barWidth = width - barStart;
      const bars = table.map((r) => r.slice(barStart));
      // The root span runs 0–10 ms of 100 ms, the kubelet's 30–100 ms.
      expect(bars[0]!.trimEnd()).toBe('█'.repeat(Math.round(barWidth / 10)));
      expect(bars[4]!.indexOf('█')).toBe(Math.floor(barWidth * 0.3));
      expect(bars[4]!.length).toBe(barWidth);
    }
  });

  it('cuts long operations short before it narrows the bars, and keeps bars of at least 10 columns', () => {
    const narrow = rows(renderWaterfall(creation, { width: 80, link: LINK }));
    expect(narrow[0]).toMatch(/^apiserver  POST \/api\/v1\/namespaces\/\S*… /);
    const tiny = rows(renderWaterfall(creation, { width: 20, link: LINK }));
    const barStart = tiny[0]!.indexOf('█');
    expect(tiny[4]!.length - barStart).toBe(10);
    expect(tiny[4]!.indexOf('█') - barStart).toBe(3);
  });

  it('shows a zero-length span as one column', () => {
    const instant: TraceView = { traceId: creation.traceId, spans: [span('a', 'apiserver', 'request', 0, 10), span('b', 'apiserver', 'event', 5, 0, 'a')] };
    const [, event] = rows(renderWaterfall(instant, { width: 100, link: LINK }));
    expect(event!.match(/█/g)).toHaveLength(1);
  });

  it('indents eight levels, then shows how much deeper a span is (a pod creation is a chain twenty spans deep)', () => {
    const chain: TraceSpan[] = Array.from({ length: 12 }, (_, i) => span(`s${i}`, 'svc', `op${i}`, i, 1, i === 0 ? undefined : `s${i - 1}`));
    const text = renderWaterfall({ traceId: creation.traceId, spans: chain }, { width: 160, link: LINK });
    const column = text.split('\n').find((l) => l.startsWith('SERVICE'))!.indexOf('OPERATION');
    const lines = rows(text);
    const operationOf = (line: string) => line.slice(column).replace(/\s+[\d.]+\s+[\d.]+\s+█+\s*$/, '');
    expect(operationOf(lines[8]!)).toBe(`${'  '.repeat(8)}op8`);
    expect(operationOf(lines[9]!)).toBe(`${'  '.repeat(6)}+3  op9`);
    expect(operationOf(lines[11]!)).toBe(`${'  '.repeat(6)}+5  op11`);
  });
});
