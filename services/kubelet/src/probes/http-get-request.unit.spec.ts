import { describe, expect, it } from 'vitest';
import { resolveContainerPort } from './container-port.js';
import { httpGetRequest, PROBE_USER_AGENT } from './http-get-request.js';
import { probeTiming } from './probe-spec.js';

const container = { name: 'web', ports: [{ name: 'http', containerPort: 8080 }] };

describe('httpGet probe requests', () => {
  it('goes to the pod IP over HTTP by default, with upstream User-Agent and Accept', () => {
    expect(httpGetRequest({ port: 8080, path: '/healthz' }, container, '127.128.1.2')).toEqual({
      url: 'http://127.128.1.2:8080/healthz',
      scheme: 'http',
      host: '127.128.1.2',
      port: 8080,
      path: '/healthz',
      headers: { 'User-Agent': ['kube-probe/1.35'], Accept: ['*/*'] },
    });
    expect(PROBE_USER_AGENT).toBe('kube-probe/1.35');
  });

  it('takes the scheme, host, a named port, a path without its slash, and headers (canonical names; User-Agent and Accept overridable, an empty Accept dropped)', () => {
    const request = httpGetRequest(
      {
        scheme: 'HTTPS',
        host: '10.0.0.9',
        port: 'http',
        path: 'ready?full=1',
        httpHeaders: [
          { name: 'x-custom-header', value: 'a' },
          { name: 'X-Custom-Header', value: 'b' },
          { name: 'user-agent', value: 'mine' },
          { name: 'accept', value: '' },
        ],
      },
      container,
      '127.128.1.2',
    );
    expect(request).toMatchObject({ url: 'https://10.0.0.9:8080/ready?full=1', scheme: 'https', host: '10.0.0.9', port: 8080, path: '/ready?full=1' });
    expect(request.headers).toEqual({ 'X-Custom-Header': ['a', 'b'], 'User-Agent': ['mine'] });
    expect(httpGetRequest({ port: 80 }, container, '127.128.1.2')).toMatchObject({ url: 'http://127.128.1.2:80', path: '/' });
  });

  it('resolves ports as upstream: a number, a port name, a number as a string; else an error with upstream words', () => {
    expect(resolveContainerPort(9000, container)).toBe(9000);
    expect(resolveContainerPort('http', container)).toBe(8080);
    expect(resolveContainerPort('9090', container)).toBe(9090);
    expect(() => resolveContainerPort('metrics', container)).toThrow('strconv.Atoi: parsing "metrics": invalid syntax');
    expect(() => resolveContainerPort(0, container)).toThrow('invalid port number: 0');
    expect(() => resolveContainerPort('70000', container)).toThrow('invalid port number: 70000');
  });

  it('defaults the timing as upstream: no delay, 1 s timeout, every 10 s, 1 success, 3 failures', () => {
    expect(probeTiming({})).toEqual({ initialDelaySeconds: 0, timeoutMs: 1000, periodMs: 10_000, successThreshold: 1, failureThreshold: 3 });
    expect(probeTiming({ initialDelaySeconds: 5, timeoutSeconds: 2, periodSeconds: 3, successThreshold: 2, failureThreshold: 1 })).toEqual({
      initialDelaySeconds: 5,
      timeoutMs: 2000,
      periodMs: 3000,
      successThreshold: 2,
      failureThreshold: 1,
    });
    expect(probeTiming({ periodSeconds: 0, timeoutSeconds: -1 })).toMatchObject({ periodMs: 10_000, timeoutMs: 1000 });
  });
});
