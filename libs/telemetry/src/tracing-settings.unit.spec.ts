import { describe, expect, it } from 'vitest';
import { tracingSettings } from './tracing-settings.js';

const MAIN = '/repo/services/scheduler/src/main.ts';

describe('tracingSettings', () => {
  it('is off unless an exporter is configured, and off when the SDK is disabled', () => {
    expect(tracingSettings({}, MAIN, '1').enabled).toBe(false);
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, MAIN, '1').enabled).toBe(true);
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' }, MAIN, '1').enabled).toBe(true);
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'console' }, MAIN, '1').enabled).toBe(true);
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, MAIN, '1').enabled).toBe(false);
    expect(tracingSettings({ OTEL_SDK_DISABLED: 'TRUE', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, MAIN, '1').enabled).toBe(false);
  });

  it('names the service after its folder unless OTEL_SERVICE_NAME says otherwise', () => {
    expect(tracingSettings({}, MAIN, '1').serviceName).toBe('scheduler');
    expect(tracingSettings({}, '/elsewhere/tool.ts', '1').serviceName).toBe('tool');
    expect(tracingSettings({ OTEL_SERVICE_NAME: 'sched-a' }, MAIN, '1').serviceName).toBe('sched-a');
  });

  it('names a kubelet instance after its node, and reads the instrumentations to enable', () => {
    expect(tracingSettings({ KUBELEDGER_NODE_NAME: 'node-2' }, MAIN, '1').serviceInstance).toBe('node-2');
    expect(tracingSettings({}, MAIN, '1').instrumentations).toEqual(['undici']);
    expect(tracingSettings({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http, pg,fastify' }, MAIN, '1').instrumentations).toEqual(['http', 'pg', 'fastify']);
    expect(tracingSettings({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: '' }, MAIN, '1').instrumentations).toEqual([]);
  });
});
