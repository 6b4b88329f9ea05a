import { describe, expect, it } from 'vitest';
import { errorResponse, toJaegerTrace, traceResponse } from './jaeger-trace.js';
import { spansFromOtlpJson, type RecordedSpan } from './otlp-json.js';
import { SDK_TRACE_EXPORT } from './otlp-sdk-sample.js';

const TRACE = 'c251e8712945c5ceb4b9c0bfde51c687';

const recorded = (over: Partial<RecordedSpan> & Pick<RecordedSpan, 'spanId' | 'service'>): RecordedSpan => ({
  traceId: TRACE,
  name: 'op',
  kind: 1,
  resource: { 'service.name': over.service },
  scope: '',
  startNs: 0n,
  endNs: 0n,
  attributes: {},
  links: [],
  events: [],
  status: { code: 0 },
  ...over,
});

describe('toJaegerTrace', () => {
  it("gives what the JS SDK exported in the shape of Jaeger's GET /api/traces/{id}", () => {
    expect(traceResponse(toJaegerTrace(TRACE, spansFromOtlpJson(SDK_TRACE_EXPORT)))).toEqual({
      data: [
        {
          traceID: TRACE,
          spans: [
            {
              traceID: TRACE,
              spanID: '1c1e80ed745a1b6c',
              operationName: 'append',
              references: [
                { refType: 'CHILD_OF', traceID: TRACE, spanID: 'f68a70510c340f8b' },
                { refType: 'FOLLOWS_FROM', traceID: TRACE, spanID: 'f68a70510c340f8b' },
              ],
              startTime: 1795495317749000,
              duration: 379,
              tags: [
                { key: 'error', type: 'bool', value: true },
                { key: 'otel.scope.name', type: 'string', value: 'kubeledger-apiserver' },
                { key: 'otel.scope.version', type: 'string', value: '0.1.0' },
                { key: 'otel.status_code', type: 'string', value: 'ERROR' },
                { key: 'otel.status_description', type: 'string', value: 'boom' },
              ],
              logs: [
                {
                  timestamp: 1795495317749172,
                  fields: [
                    { key: 'event', type: 'string', value: 'appended' },
                    { key: 'revision', type: 'int64', value: 7 },
                  ],
                },
              ],
              processID: 'p1',
              warnings: null,
            },
            {
              traceID: TRACE,
              spanID: 'f68a70510c340f8b',
              operationName: 'POST',
              references: [],
              startTime: 1795495317748000,
              duration: 1817,
              tags: [
                { key: 'http.status_code', type: 'int64', value: 201 },
                { key: 'k8s.verb', type: 'string', value: 'create' },
                { key: 'list', type: 'string', value: '["a","b"]' },
                { key: 'ok', type: 'bool', value: true },
                { key: 'otel.scope.name', type: 'string', value: 'kubeledger-apiserver' },
                { key: 'otel.scope.version', type: 'string', value: '0.1.0' },
                { key: 'ratio', type: 'float64', value: 0.5 },
                { key: 'span.kind', type: 'string', value: 'server' },
              ],
              logs: [],
              processID: 'p1',
              warnings: null,
            },
          ],
          processes: { p1: { serviceName: 'apiserver', tags: [{ key: 'service.instance.id', type: 'string', value: 'host/1' }] } },
          warnings: null,
        },
      ],
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    });
  });

  it('gives each distinct resource a process, shared by the spans that came from it', () => {
    const trace = toJaegerTrace(TRACE, [
      recorded({ spanId: '0000000000000001', service: 'apiserver' }),
      recorded({ spanId: '0000000000000002', service: 'kubelet', resource: { 'service.name': 'kubelet', 'service.instance.id': 'node-1' } }),
      recorded({ spanId: '0000000000000003', service: 'apiserver' }),
      recorded({ spanId: '0000000000000004', service: 'kubelet', resource: { 'service.name': 'kubelet', 'service.instance.id': 'node-2' } }),
    ]);
    expect(trace.spans.map((s) => s.processID)).toEqual(['p1', 'p2', 'p1', 'p3']);
    expect(trace.processes).toEqual({
      p1: { serviceName: 'apiserver', tags: [] },
      p2: { serviceName: 'kubelet', tags: [{ key: 'service.instance.id', type: 'string', value: 'node-1' }] },
      p3: { serviceName: 'kubelet', tags: [{ key: 'service.instance.id', type: 'string', value: 'node-2' }] },
    });
  });

  it('maps span kinds other than internal to span.kind, and links into other traces to FOLLOWS_FROM them', () => {
    const kinds = [2, 3, 4, 5, 1, 0].map((kind, i) => recorded({ spanId: `000000000000000${i}`, service: 's', kind }));
    expect(toJaegerTrace(TRACE, kinds).spans.map((s) => s.tags.find((t) => t.key === 'span.kind')?.value)).toEqual(['server', 'client', 'producer', 'consumer', undefined, undefined]);
    const other = 'ffffffffffffffffffffffffffffffff';
    const [linked] = toJaegerTrace(TRACE, [recorded({ spanId: '0000000000000009', service: 's', links: [{ traceId: other, spanId: '00000000000000aa', attributes: {} }] })]).spans;
    expect(linked!.references).toEqual([{ refType: 'FOLLOWS_FROM', traceID: other, spanID: '00000000000000aa' }]);
  });

  it('answers an unknown trace as the query service does', () => {
    expect(errorResponse(404, 'trace not found')).toEqual({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] });
  });
});
