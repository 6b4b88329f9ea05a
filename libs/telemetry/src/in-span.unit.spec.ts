import { describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { inSpan, inSpanSync } from './in-span.js';

// With no SDK registered the spans are no-ops: the work runs and its result or error comes through.
const tracer = trace.getTracer('test');

describe('inSpan / inSpanSync', () => {
  it('returns what the work returns', async () => {
    expect(await inSpan(tracer, 'work', {}, async () => 42)).toBe(42);
    expect(inSpanSync(tracer, 'work', {}, () => 'done')).toBe('done');
  });

  it('lets the work’s error through', async () => {
    await expect(inSpan(tracer, 'work', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(() => inSpanSync(tracer, 'work', {}, () => { throw new Error('bang'); })).toThrow('bang');
  });
});
