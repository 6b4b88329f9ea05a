import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { spansFromOtlpJson, type RecordedSpan } from './otlp-json.js';

export type { RecordedSpan, Attributes, AttributeValue } from './otlp-json.js';

/** An OTLP/HTTP receiver for tests: records every span exported to it. */
export interface OtlpReceiver {
  /** What to put in OTEL_EXPORTER_OTLP_ENDPOINT (the exporter adds `/v1/traces`), with OTEL_EXPORTER_OTLP_PROTOCOL=http/json. */
  readonly url: string;
  /** Every span received so far, in arrival order. */
  spans(): readonly RecordedSpan[];
  /** The spans of one trace (32 hex), by start time. */
  trace(traceId: string): readonly RecordedSpan[];
  /**
   * Resolves with the spans received so far once `predicate` holds for them (checked after every
   * export and every 50 ms); rejects after `timeoutMs` (default 30 s) listing what was received.
   */
  waitFor(predicate: (spans: readonly RecordedSpan[]) => boolean, options?: { timeoutMs?: number; what?: string }): Promise<readonly RecordedSpan[]>;
  close(): Promise<void>;
}

const PROTOBUF_REFUSED =
  'this test receiver reads OTLP/HTTP JSON only: start the exporting process with OTEL_EXPORTER_OTLP_PROTOCOL=http/json (or OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json)';

/**
 * Starts an OTLP/HTTP receiver on 127.0.0.1 and a free port. `POST /v1/traces` with JSON is
 * recorded (gzip accepted); protobuf is refused with 415 and a message saying to set http/json.
 * `/v1/metrics` and `/v1/logs` are accepted and dropped, so exporters of those signals see success.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: RecordedSpan[] = [];
  const refused: string[] = [];
  const waiters = new Set<() => void>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => reply(res, 500, 'text/plain', `otlp receiver: ${(err as Error).message}`));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const body = await readBody(req);
    if (req.method !== 'POST' || (path !== '/v1/traces' && path !== '/v1/metrics' && path !== '/v1/logs')) {
      reply(res, 404, 'text/plain', `otlp receiver: no ${req.method} ${path} (POST /v1/traces, /v1/metrics, /v1/logs)`);
      return;
    }
    const json = type === 'application/json';
    if (path !== '/v1/traces') {
      reply(res, 200, json ? 'application/json' : 'application/x-protobuf', json ? '{}' : '');
      return;
    }
    if (!json) {
      refused.push(`415 for ${type || 'no content-type'} from ${req.headers['user-agent'] ?? 'an unknown exporter'}`);
      reply(res, 415, 'text/plain', PROTOBUF_REFUSED);
      return;
    }
    let spans: RecordedSpan[];
    try {
      const text = (req.headers['content-encoding'] === 'gzip' ? await promisify(gunzip)(body) : body).toString('utf8');
      spans = spansFromOtlpJson(JSON.parse(text));
    } catch (err) {
      refused.push(`400: ${(err as Error).message}`);
      reply(res, 400, 'application/json', JSON.stringify({ code: 3, message: `otlp receiver: ${(err as Error).message}` }));
      return;
    }
    received.push(...spans);
    reply(res, 200, 'application/json', '{}');
    for (const wake of waiters) wake();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const describe = (): string => {
    const lines = received.map((s) => `  ${s.service}  ${s.name}  trace ${s.traceId} span ${s.spanId}${s.parentSpanId ? ` parent ${s.parentSpanId}` : ''}`);
    const problems = refused.map((r) => `  refused: ${r}`);
    return [`${received.length} span(s) received${received.length ? ':' : ''}`, ...lines, ...problems].join('\n');
  };

  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    trace: (traceId) =>
      received.filter((s) => s.traceId === traceId.toLowerCase()).sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0)),
    waitFor(predicate, { timeoutMs = 30_000, what = 'the spans expected' } = {}) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearInterval(poll);
          clearTimeout(timer);
          waiters.delete(check);
        };
        const check = () => {
          let met: boolean;
          try {
            met = predicate(received);
          } catch (err) {
            done();
            reject(err as Error);
            return;
          }
          if (!met) return;
          done();
          resolve([...received]);
        };
        const poll = setInterval(check, 50);
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${describe()}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
