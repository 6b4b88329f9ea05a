import { describe, expect, it } from 'vitest';
import { requestInfo } from '../request/request-info.js';
import { isLongRunning } from './long-running.js';

const longRunning = (method: string, url: string) => isLongRunning(requestInfo(method, url));

describe('isLongRunning (kube-apiserver’s long-running request check)', () => {
  it('takes watches, proxy and the streaming subresources as long-running', () => {
    expect(longRunning('GET', '/api/v1/namespaces/ns/pods?watch=true')).toBe(true);
    expect(longRunning('GET', '/api/v1/watch/namespaces/ns/pods')).toBe(true);
    expect(longRunning('GET', '/api/v1/namespaces/ns/pods/p/log?follow=true')).toBe(true);
    expect(longRunning('POST', '/api/v1/namespaces/ns/pods/p/exec')).toBe(true);
    expect(longRunning('GET', '/api/v1/proxy/namespaces/ns/pods/p')).toBe(true);
    expect(longRunning('GET', '/api/v1/namespaces/ns/services/s/proxy/x')).toBe(true);
  });

  it('takes everything else, non-resource paths included, as ordinary', () => {
    expect(longRunning('GET', '/api/v1/namespaces/ns/pods')).toBe(false);
    expect(longRunning('GET', '/api/v1/namespaces/ns/pods?watch=false')).toBe(false);
    expect(longRunning('PUT', '/api/v1/namespaces/ns/pods/p/status')).toBe(false);
    expect(longRunning('GET', '/openapi/v3')).toBe(false);
  });
});
