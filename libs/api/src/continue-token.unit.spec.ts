import { describe, expect, it } from 'vitest';
import { decodeContinueToken, encodeContinueToken } from './continue-token.js';

describe('continue tokens', () => {
  it('round-trip in the upstream format', () => {
    const token = encodeContinueToken({ revision: 42, afterKey: '/_/pods/default/ünï' });
    expect(JSON.parse(Buffer.from(token, 'base64').toString('utf8'))).toEqual({ v: 'meta.k8s.io/v1', rv: 42, start: '/_/pods/default/ünï\u0000' });
    expect(decodeContinueToken(token)).toEqual({ revision: 42, afterKey: '/_/pods/default/ünï' });
  });

  it('refuse anything else', () => {
    for (const bad of ['', '!!!', btoa('{}'), btoa('{"v":"meta.k8s.io/v1","rv":-1,"start":"a\\u0000"}'), btoa('{"v":"x","rv":1,"start":"a\\u0000"}'), btoa('{"v":"meta.k8s.io/v1","rv":1,"start":"a"}')]) {
      expect(decodeContinueToken(bad)).toBeUndefined();
    }
  });
});
