// What the OpenTelemetry JS SDK posts for two spans (JsonTraceSerializer of
// @opentelemetry/otlp-transformer 0.301, captured): the child ends, so is sent, first.
export const SDK_TRACE_EXPORT = {
  resourceSpans: [
    {
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: 'apiserver' } },
          { key: 'service.instance.id', value: { stringValue: 'host/1' } },
        ],
        droppedAttributesCount: 0,
      },
      scopeSpans: [
        {
          scope: { name: 'kubeledger-apiserver', version: '0.1.0' },
          spans: [
            {
              traceId: 'c251e8712945c5ceb4b9c0bfde51c687',
              spanId: '1c1e80ed745a1b6c',
              parentSpanId: 'f68a70510c340f8b',
              name: 'append',
              kind: 1,
              startTimeUnixNano: '1795495317749000000',
              endTimeUnixNano: '1795495317749379648',
              attributes: [],
              droppedAttributesCount: 0,
              events: [{ attributes: [{ key: 'revision', value: { intValue: 7 } }], name: 'appended', timeUnixNano: '1795495317749172301', droppedAttributesCount: 0 }],
              droppedEventsCount: 0,
              status: { code: 2, message: 'boom' },
              links: [{ attributes: [{ key: 'why', value: { stringValue: 'x' } }], spanId: 'f68a70510c340f8b', traceId: 'c251e8712945c5ceb4b9c0bfde51c687', droppedAttributesCount: 0, flags: 257 }],
              droppedLinksCount: 0,
              flags: 257,
            },
            {
              traceId: 'c251e8712945c5ceb4b9c0bfde51c687',
              spanId: 'f68a70510c340f8b',
              name: 'POST',
              kind: 2,
              startTimeUnixNano: '1795495317748000000',
              endTimeUnixNano: '1795495317749817048',
              attributes: [
                { key: 'k8s.verb', value: { stringValue: 'create' } },
                { key: 'http.status_code', value: { intValue: 201 } },
                { key: 'ratio', value: { doubleValue: 0.5 } },
                { key: 'ok', value: { boolValue: true } },
                { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } } },
              ],
              droppedAttributesCount: 0,
              events: [],
              droppedEventsCount: 0,
              status: { code: 0 },
              links: [],
              droppedLinksCount: 0,
              flags: 257,
            },
          ],
        },
      ],
    },
  ],
};
