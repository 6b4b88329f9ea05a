import { describe, expect, it } from 'vitest';
import type { LogRecord } from '@kubeledger/api';
import { objectSubject } from '@kubeledger/api';
import { BusHeaders, decodeHeaderValue, encodeHeaderValue } from './bus-headers.js';
import { fillerMessage, recordMessage } from './relay-message.js';

const ref = { group: '', resource: 'pods', namespace: 'default', name: 'web-1' };
const record = (overrides: Partial<LogRecord> = {}): LogRecord => ({
  revision: 7,
  type: 'MODIFIED',
  key: '/_/pods/default/web-1',
  uid: '0b8a1f5e-2c1d-4b7e-9f00-123456789abc',
  subject: objectSubject(ref, 'node-a'),
  objectJson: '{"kind":"Pod","metadata":{"name":"web-1"}}',
  actor: { user: 'system:node:node-a' },
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  time: new Date(1_700_000_000_000),
  ...overrides,
});

describe('recordMessage', () => {
  it('carries the record on its subject with revision, type, uid, actor and traceparent headers', () => {
    const m = recordMessage('k8s', record(), 1000);
    expect(m.revision).toBe(7);
    expect(m.subject).toBe('k8s._.pods.default.web-1.node-a');
    expect(new TextDecoder().decode(m.body)).toBe(record().objectJson);
    expect(m.headers.get(BusHeaders.revision)).toBe('7');
    expect(m.headers.get(BusHeaders.type)).toBe('MODIFIED');
    expect(m.headers.get(BusHeaders.uid)).toBe(record().uid);
    expect(m.headers.get(BusHeaders.actor)).toBe('system:node:node-a');
    expect(m.headers.get(BusHeaders.traceparent)).toBe(record().traceparent);
    expect(m.headers.has(BusHeaders.oversize)).toBe(false);
    expect(m.committedAt).toBe(1_700_000_000_000);
  });

  it('omits a missing or malformed traceparent', () => {
    const { traceparent: _t, ...withoutTrace } = record();
    expect(recordMessage('k8s', withoutTrace, 1000).headers.has(BusHeaders.traceparent)).toBe(false);
    expect(recordMessage('k8s', record({ traceparent: 'x\r\ny' }), 1000).headers.has(BusHeaders.traceparent)).toBe(false);
  });

  it('replaces a body above the limit with an oversize marker holding its byte size', () => {
    const objectJson = JSON.stringify({ data: 'é'.repeat(600) }); // 2-byte characters: bytes != string length
    const bytes = new TextEncoder().encode(objectJson).byteLength;
    const m = recordMessage('k8s', record({ objectJson }), bytes - 1);
    expect(m.body.byteLength).toBe(0);
    expect(m.headers.get(BusHeaders.oversize)).toBe(String(bytes));
    expect(recordMessage('k8s', record({ objectJson }), bytes).headers.has(BusHeaders.oversize)).toBe(false);
  });

  it('turns a record with an unroutable subject into a marked filler instead of a publish that would be lost', () => {
    const m = recordMessage('k8s', record({ subject: '_.pods..web-1._' }), 1000);
    expect(m.subject).toBe('k8s._gap');
    expect(m.body.byteLength).toBe(0);
    expect(m.headers.get(BusHeaders.revision)).toBe('7');
    expect(m.headers.has(BusHeaders.unroutable)).toBe(true);
  });

  it('keeps user names that header values cannot hold as they are', () => {
    for (const user of ['alice', ' padded ', 'multi\r\nline', '100%', 'ünïcode', 'system:serviceaccount:ns:sa']) {
      const m = recordMessage('k8s', record({ actor: { user, impersonator: `${user}-imp` } }), 1000);
      expect(decodeHeaderValue(m.headers.get(BusHeaders.actor))).toBe(user);
      expect(decodeHeaderValue(m.headers.get(BusHeaders.impersonator))).toBe(`${user}-imp`);
    }
  });
});

describe('fillerMessage', () => {
  it('is an empty body on the gap subject carrying only the revision', () => {
    const m = fillerMessage('pfx', 12);
    expect(m).toMatchObject({ revision: 12, subject: 'pfx._gap' });
    expect(m.body.byteLength).toBe(0);
    expect(m.headers.get(BusHeaders.revision)).toBe('12');
    expect(m.headers.has(BusHeaders.type)).toBe(false);
    expect(m.committedAt).toBeUndefined();
  });
});

describe('encodeHeaderValue', () => {
  it('leaves ordinary values unchanged', () => {
    expect(encodeHeaderValue('system:node:ip-10-0-0-1.ec2.internal')).toBe('system:node:ip-10-0-0-1.ec2.internal');
  });
});
