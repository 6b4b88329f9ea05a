import { describe, expect, it } from 'vitest';
import { fetchTrace, jaegerTraceLink } from './jaeger-query.js';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A fetch that answers every request with `status` and `body`, and records the URLs asked for. */
function answering(status: number, body: unknown, asked: string[] = []): typeof fetch {
  return (async (input: string | URL | Request) => {
    asked.push(String(input));
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
}

const span = (spanID: string, processID: string, references: unknown[] = []) => ({ traceID: ID, spanID, operationName: `op ${spanID}`, references, startTime: 1000, duration: 5, tags: [], logs: [], processID, warnings: null });

describe('fetchTrace', () => {
  it("reads Jaeger's answer: services from the processes, the parent from the CHILD_OF reference (FOLLOWS_FROM is not a parent)", async () => {
    const asked: string[] = [];
    const body = {
      data: [
        {
          traceID: ID,
          spans: [
            span('a', 'p1'),
            span('b', 'p2', [{ refType: 'CHILD_OF', traceID: ID, spanID: 'a' }]),
            span('c', 'p2', [{ refType: 'FOLLOWS_FROM', traceID: ID, spanID: 'b' }]),
          ],
          processes: { p1: { serviceName: 'apiserver', tags: [] }, p2: { serviceName: 'kubelet', tags: [] } },
          warnings: null,
        },
      ],
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    };
    const trace = await fetchTrace('http://jaeger:16686/', ID, answering(200, body, asked));
    expect(asked).toEqual([`http://jaeger:16686/api/traces/${ID}`]);
    expect(trace).toEqual({
      traceId: ID,
      spans: [
        { spanId: 'a', service: 'apiserver', operation: 'op a', startUs: 1000, durationUs: 5 },
        { spanId: 'b', parentSpanId: 'a', service: 'kubelet', operation: 'op b', startUs: 1000, durationUs: 5 },
        { spanId: 'c', service: 'kubelet', operation: 'op c', startUs: 1000, durationUs: 5 },
      ],
    });
  });

  it('says the trace is not there yet on a 404 and on an empty answer', async () => {
    const notYet = `Jaeger has no trace ${ID} yet (spans are exported in batches every few seconds: try again; or the collector dropped it)`;
    const notFound = `${JSON.stringify({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] })}\n`;
    await expect(fetchTrace('http://jaeger:16686', ID, answering(404, notFound))).rejects.toThrow(notYet);
    await expect(fetchTrace('http://jaeger:16686', ID, answering(200, { data: [], errors: null }))).rejects.toThrow(notYet);
  });

  it("passes on Jaeger's own error message for other failures, and says when the answer is not Jaeger's JSON", async () => {
    const failed = JSON.stringify({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 500, msg: 'storage unavailable' }] });
    await expect(fetchTrace('http://jaeger:16686', ID, answering(500, failed))).rejects.toThrow(`Jaeger at http://jaeger:16686 answered 500 for trace ${ID}: storage unavailable`);
    await expect(fetchTrace('http://jaeger:4318', ID, answering(200, '<html>'))).rejects.toThrow(/did not answer with Jaeger's JSON: is --jaeger-url the query service/);
  });

  it('says Jaeger cannot be reached when the connection fails', async () => {
    const refused = (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    }) as typeof fetch;
    await expect(fetchTrace('http://127.0.0.1:1', ID, refused)).rejects.toThrow('could not reach Jaeger at http://127.0.0.1:1 (is it running? set --jaeger-url or KUBELEDGER_JAEGER_URL)');
  });
});

describe('jaegerTraceLink', () => {
  it("is the Jaeger UI's trace page under the query service's base URL", () => {
    expect(jaegerTraceLink('http://127.0.0.1:16686/', ID)).toBe(`http://127.0.0.1:16686/trace/${ID}`);
    expect(jaegerTraceLink('https://ops.example/jaeger', ID)).toBe(`https://ops.example/jaeger/trace/${ID}`);
  });
});
