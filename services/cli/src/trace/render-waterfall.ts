import type { TraceSpan, TraceView } from './jaeger-query.js';

export interface WaterfallOptions {
  /** The terminal's width in columns; the bars take what the text columns leave. */
  readonly width: number;
  /** The Jaeger UI's page for the trace, printed last. */
  readonly link: string;
}

const MAX_SERVICE = 24;
const MAX_OPERATION = 60;
const MIN_OPERATION = 16;
const MIN_BAR = 10;
const GAP = '  ';

/**
 * A trace as a text waterfall: a header (trace id, span count, services, total duration); one row
 * per span in start order with its service, its operation indented by its depth below its parent
 * (a span whose parent is not in the trace is at depth 0), its start offset from the trace's
 * first span and its duration in milliseconds, and a bar placed on the trace's timeline; then the
 * link to the Jaeger UI.
 */
export function renderWaterfall(trace: TraceView, { width, link }: WaterfallOptions): string {
  if (trace.spans.length === 0) return `trace ${trace.traceId}: no spans\n\nopen in Jaeger: ${link}`;
  const depths = depthsOf(trace.spans);
  const rows = trace.spans
    .map((span, index) => ({ span, index, depth: depths.get(span.spanId) ?? 0 }))
    .sort((a, b) => a.span.startUs - b.span.startUs || a.depth - b.depth || a.index - b.index);
  const start = Math.min(...trace.spans.map((s) => s.startUs));
  const end = Math.max(...trace.spans.map((s) => s.startUs + s.durationUs));
  const total = end - start;
  const services = [...new Set(rows.map((r) => r.span.service))];

  const cells = rows.map(({ span, depth }) => ({
    service: span.service,
    operation: indent(depth) + span.operation,
    offset: ms(span.startUs - start),
    duration: ms(span.durationUs),
    span,
  }));
  const serviceWidth = Math.min(MAX_SERVICE, Math.max('SERVICE'.length, ...cells.map((c) => c.service.length)));
  const offsetWidth = Math.max('START ms'.length, ...cells.map((c) => c.offset.length));
  const durationWidth = Math.max('DURATION ms'.length, ...cells.map((c) => c.duration.length));
  // Operations are cut short (to MIN_OPERATION at the least) before the bars get narrower than MIN_BAR.
  const operationRoom = width - MIN_BAR - serviceWidth - offsetWidth - durationWidth - 4 * GAP.length;
  const operationNeeds = Math.min(MAX_OPERATION, Math.max('OPERATION'.length, ...cells.map((c) => c.operation.length)));
  const operationWidth = Math.max(Math.min(MIN_OPERATION, operationNeeds), Math.min(operationNeeds, operationRoom));
  const textWidth = serviceWidth + operationWidth + offsetWidth + durationWidth + 4 * GAP.length;
  const barWidth = Math.max(MIN_BAR, width - textWidth);

  const line = (service: string, operation: string, offset: string, duration: string, bar: string) =>
    [fit(service, serviceWidth), fit(operation, operationWidth), offset.padStart(offsetWidth), duration.padStart(durationWidth), bar].join(GAP).trimEnd();

  return [
    `trace ${trace.traceId}: ${count(rows.length, 'span')} from ${count(services.length, 'service')} (${services.join(', ')}), ${ms(total)} ms`,
    '',
    line('SERVICE', 'OPERATION', 'START ms', 'DURATION ms', ''),
    ...cells.map((c) => line(c.service, c.operation, c.offset, c.duration, bar(c.span, start, total, barWidth))),
    '',
    `open in Jaeger: ${link}`,
  ].join('\n');
}

/** How many CHILD_OF steps each span is below a span with no parent in the trace. */
function depthsOf(spans: readonly TraceSpan[]): Map<string, number> {
  const parentOf = new Map(spans.map((s) => [s.spanId, s.parentSpanId]));
  const depths = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depths.get(id);
    if (known !== undefined) return known;
    const parent = parentOf.get(id);
    // A parent outside the trace (or a loop in broken data) ends the chain.
    const depth = parent !== undefined && parentOf.has(parent) && !seen.has(parent) ? depthOf(parent, seen.add(id)) + 1 : 0;
    depths.set(id, depth);
    return depth;
  };
  for (const span of spans) depthOf(span.spanId, new Set());
  return depths;
}

function bar(span: TraceSpan, traceStart: number, total: number, width: number): string {
  if (total <= 0) return '█';
  const from = Math.min(width - 1, Math.floor(((span.startUs - traceStart) / total) * width));
  const length = Math.max(1, Math.min(width - from, Math.round((span.durationUs / total) * width)));
  return `${' '.repeat(from)}${'█'.repeat(length)}`;
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function ms(us: number): string {
  return (us / 1000).toFixed(3);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Levels shown by indentation; a deeper span (a long causal chain) shows its depth as a number instead. */
const MAX_INDENTED_DEPTH = 8;

function indent(depth: number): string {
  if (depth <= MAX_INDENTED_DEPTH) return '  '.repeat(depth);
  return `${'  '.repeat(MAX_INDENTED_DEPTH - 2)}${`+${depth - MAX_INDENTED_DEPTH + 2}`.padEnd(4)}`;
}
