import { describe, expect, it } from 'vitest';
import { negotiateOutput, parseAccept } from './negotiate-output.js';

const KUBECTL_GET = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('output negotiation (upstream NegotiateOutputMediaType)', () => {
  it('answers kubectl get with a meta.k8s.io/v1 Table', () => {
    expect(negotiateOutput(KUBECTL_GET)).toEqual({ mediaType: 'application/json', convert: { kind: 'Table', apiVersion: 'meta.k8s.io/v1' } });
  });

  it('answers with the Table version asked for', () => {
    expect(negotiateOutput('application/json;as=Table;v=v1beta1;g=meta.k8s.io')).toEqual({ mediaType: 'application/json', convert: { kind: 'Table', apiVersion: 'meta.k8s.io/v1beta1' } });
  });

  it('passes over clauses it cannot serve and takes the next', () => {
    expect(negotiateOutput('application/json;as=Table;v=v2;g=meta.k8s.io,application/json')).toEqual({ mediaType: 'application/json' });
    expect(negotiateOutput('application/json;as=Table,application/json')).toEqual({ mediaType: 'application/json' });
    expect(negotiateOutput('application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json')).toEqual({ mediaType: 'application/json' });
    expect(negotiateOutput('application/vnd.kubernetes.protobuf,application/json')).toEqual({ mediaType: 'application/json' });
  });

  it('serves plain JSON without an Accept header or for wildcards', () => {
    expect(negotiateOutput(undefined)).toEqual({ mediaType: 'application/json' });
    expect(negotiateOutput('*/*')).toEqual({ mediaType: 'application/json' });
    expect(negotiateOutput('application/*')).toEqual({ mediaType: 'application/json' });
    expect(negotiateOutput('application/json, */*')).toEqual({ mediaType: 'application/json' });
  });

  it('serves PartialObjectMetadata conversions', () => {
    expect(negotiateOutput('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json')).toEqual({
      mediaType: 'application/json',
      convert: { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1' },
    });
  });

  it('refuses with 406 NotAcceptable when no clause can be served', () => {
    for (const accept of ['text/html', 'application/json;as=Table;g=meta.k8s.io;v=v2', 'application/json;as=Pod;g=;v=v1', 'application/vnd.kubernetes.protobuf']) {
      expect(() => negotiateOutput(accept)).toThrow(
        expect.objectContaining({ status: expect.objectContaining({ code: 406, reason: 'NotAcceptable', message: 'only the following media types are accepted: application/json' }) }),
      );
    }
  });

  it('orders clauses by q, then concrete types before wildcards, keeping the client order otherwise', () => {
    expect(parseAccept('*/*;q=0.8, application/json;as=Table;g=meta.k8s.io;v=v1;q=0.9, text/plain').map((c) => `${c.type}/${c.subType}`)).toEqual(['text/plain', 'application/json', '*/*']);
    expect(negotiateOutput('application/json;q=0.5, application/json;as=Table;g=meta.k8s.io;v=v1')).toEqual({ mediaType: 'application/json', convert: { kind: 'Table', apiVersion: 'meta.k8s.io/v1' } });
  });
});
