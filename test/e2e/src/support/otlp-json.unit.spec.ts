import { describe, expect, it } from 'vitest';
import { spansFromOtlpJson } from './otlp-json.js';
import { SDK_TRACE_EXPORT } from './otlp-sdk-sample.js';

describe('spansFromOtlpJson', () => {
  it('flattens what the JS SDK exports into one record per span, resource and scope included', () => {
    const [append, post] = spansFromOtlpJson(SDK_TRACE_EXPORT);
    expect(post).toEqual({
      traceId: 'c251e8712945c5ceb4b9c0bfde51c687',
      spanId: 'f68a70510c340f8b',
      name: 'POST',
      kind: 2,
      service: 'apiserver',
      serviceInstance: 'host/1',
      resource: { 'service.name': 'apiserver', 'service.instance.id': 'host/1' },
      scope: 'kubeledger-apiserver',
      scopeVersion: '0.1.0',
      startNs: 1795495317748000000n,
      endNs: 1795495317749817048n,
      attributes: { 'k8s.verb': 'create', 'http.status_code': 201, ratio: 0.5, ok: true, list: ['a', 'b'] },
      links: [],
      events: [],
      status: { code: 0 },
    });
    expect(append).toMatchObject({
      parentSpanId: 'f68a70510c340f8b',
      kind: 1,
      links: [{ traceId: 'c251e8712945c5ceb4b9c0bfde51c687', spanId: 'f68a70510c340f8b', attributes: { why: 'x' } }],
      events: [{ name: 'appended', timeNs: 1795495317749172301n, attributes: { revision: 7 } }],
      status: { code: 2, message: 'boom' },
    });
    expect(post).not.toHaveProperty('parentSpanId');
  });

  it('accepts base64 ids, numeric times, enums by name and 64-bit integers as strings (proto3 JSON)', () => {
    const [span] = spansFromOtlpJson({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'kubelet' } }] },
          scopeSpans: [
            {
              scope: { name: 's' },
              spans: [
                {
                  traceId: Buffer.from('c251e8712945c5ceb4b9c0bfde51c687', 'hex').toString('base64'),
                  spanId: Buffer.from('1c1e80ed745a1b6c', 'hex').toString('base64'),
                  parentSpanId: '',
                  name: 'sync pod',
                  kind: 'SPAN_KIND_CONSUMER',
                  startTimeUnixNano: 1000,
                  endTimeUnixNano: '2000',
                  attributes: [
                    { key: 'big', value: { intValue: '9223372036854775807' } },
                    { key: 'small', value: { intValue: '42' } },
                    { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
                  ],
                  status: { code: 'STATUS_CODE_OK' },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(span).toMatchObject({
      traceId: 'c251e8712945c5ceb4b9c0bfde51c687',
      spanId: '1c1e80ed745a1b6c',
      kind: 5,
      service: 'kubelet',
      startNs: 1000n,
      endNs: 2000n,
      attributes: { big: '9223372036854775807', small: 42, map: { k: 'v' } },
      status: { code: 1 },
    });
    expect(span).not.toHaveProperty('parentSpanId');
  });

  it('refuses a span without a valid id, saying which field is wrong', () => {
    const bad = structuredClone(SDK_TRACE_EXPORT);
    bad.resourceSpans[0]!.scopeSpans[0]!.spans[1]!.spanId = 'xyz';
    expect(() => spansFromOtlpJson(bad)).toThrow(/spanId: "xyz" is neither 16 hex digits nor 8 bytes in base64/);
  });
});
