import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorResponse, toJaegerTrace, traceResponse } from './jaeger-trace.js';
import type { OtlpReceiver } from './otlp-receiver.js';

/** The part of Jaeger's query service the UI and `kubeledger trace` read a trace with. */
export interface FakeJaeger {
  /** The query service's base URL, `http://127.0.0.1:<port>` (the UI's links are `<url>/trace/<id>`). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a fake of Jaeger's query API on 127.0.0.1 and a free port, answering from what
 * `receiver` has recorded at the time of each request: `GET /api/traces/{traceID}` with the trace
 * in Jaeger's JSON, 404 `trace not found` when it has no span of it, 400 for an id that is not
 * hex of at most 32 digits (shorter ids are zero-padded, as Jaeger parses them). Errors are
 * written as Jaeger writes them: the JSON envelope as text/plain with a trailing newline.
 */
export async function startFakeJaeger(receiver: Pick<OtlpReceiver, 'trace'>): Promise<FakeJaeger> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/api\/traces\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) {
      send(res, 404, 'text/plain; charset=utf-8', '404 page not found\n');
      return;
    }
    const requested = decodeURIComponent(match[1]!);
    if (requested.length > 32) return fail(res, 400, `TraceID cannot be longer than 32 hex characters: ${requested}`);
    if (!/^[0-9a-fA-F]+$/.test(requested)) return fail(res, 400, `strconv.ParseUint: parsing ${JSON.stringify(requested)}: invalid syntax`);
    const traceId = requested.toLowerCase().padStart(32, '0');
    const spans = receiver.trace(traceId);
    if (spans.length === 0) return fail(res, 404, 'trace not found');
    send(res, 200, 'application/json', JSON.stringify(traceResponse(toJaegerTrace(traceId, spans))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function fail(res: ServerResponse, code: number, msg: string): void {
  send(res, code, 'text/plain; charset=utf-8', `${JSON.stringify(errorResponse(code, msg))}\n`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
