import { describe, expect, it } from 'vitest';
import type { Backoff } from './backoff.js';
import { sendWithRetries, type Attempted } from './send-with-retries.js';
import { isTransportError, TransportError } from './transport-error.js';

const backoff: Backoff = { steps: 4, durationMs: 100, factor: 2, jitter: 0.1 };

/** A retry loop whose waits are recorded, not slept, and whose jitter is fixed. */
function harness(outcomes: Array<Attempted<string> | Error>) {
  const waits: number[] = [];
  let calls = 0;
  const attempt = async (): Promise<Attempted<string>> => {
    const next = outcomes[calls++];
    if (!next) throw new Error('no more outcomes');
    if (next instanceof Error) throw next;
    return next;
  };
  const opts = { backoff, random: () => 0.5, sleep: async (ms: number) => void waits.push(ms) };
  return { waits, attempt, opts, calls: () => calls };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
const reset = () => Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
const answer = (status: number, retryAfterMs?: number): Attempted<string> => ({ result: `answer ${status}`, status, retryAfterMs });

describe('sendWithRetries', () => {
  it('retries connection refusals with exponential backoff and jitter, then returns the answer', async () => {
    const h = harness([refused(), refused(), answer(200)]);
    await expect(sendWithRetries('GET', 'GET /x', h.attempt, h.opts)).resolves.toBe('answer 200');
    expect(h.waits).toEqual([105, 210]);
  });

  it('honours Retry-After on 429 and returns the last answer when the steps run out', async () => {
    const h = harness([answer(429, 1000), answer(503), answer(429, 0), answer(429, 2000)]);
    await expect(sendWithRetries('GET', 'GET /x', h.attempt, h.opts)).resolves.toBe('answer 429');
    expect(h.waits).toEqual([1000, 210, 0]);
    expect(h.calls()).toBe(4);
  });

  it('gives up on a connection error with a TransportError naming the request and the attempts', async () => {
    const h = harness([refused(), refused(), refused(), refused()]);
    const err = await sendWithRetries('GET', 'GET https://h/x', h.attempt, h.opts).catch((e: unknown) => e);
    expect(isTransportError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'ECONNREFUSED', attempts: 4, request: 'GET https://h/x' });
    expect((err as Error).message).toBe('GET https://h/x: connect ECONNREFUSED 127.0.0.1:1 (after 4 attempts)');
    expect(h.waits).toEqual([105, 210, 420]);
  });

  it('retries a POST that never connected, but not one whose connection broke, nor a 503', async () => {
    const ok = harness([refused(), answer(201)]);
    await expect(sendWithRetries('POST', 'POST /x', ok.attempt, ok.opts)).resolves.toBe('answer 201');
    const broken = harness([reset(), answer(201)]);
    await expect(sendWithRetries('POST', 'POST /x', broken.attempt, broken.opts)).rejects.toMatchObject({ name: 'TransportError', code: 'UND_ERR_SOCKET', attempts: 1 });
    expect(broken.calls()).toBe(1);
    const unavailable = harness([answer(503, 1000), answer(201)]);
    await expect(sendWithRetries('POST', 'POST /x', unavailable.attempt, unavailable.opts)).resolves.toBe('answer 503');
  });

  it('passes a timeout through and rethrows errors without a code as they are', async () => {
    const timeout = new TransportError('ETIMEDOUT', 'GET /x', 1, new Error('slow'));
    const h = harness([timeout, answer(200)]);
    await expect(sendWithRetries('GET', 'GET /x', h.attempt, h.opts)).rejects.toBe(timeout);
    const bug = new TypeError('a bug');
    const b = harness([bug]);
    await expect(sendWithRetries('GET', 'GET /x', b.attempt, b.opts)).rejects.toBe(bug);
  });

  it('stops with the abort reason once the caller aborts', async () => {
    const ac = new AbortController();
    const reason = new Error('caller gave up');
    let calls = 0;
    const attempt = async (): Promise<Attempted<string>> => {
      calls++;
      ac.abort(reason);
      throw refused();
    };
    await expect(sendWithRetries('GET', 'GET /x', attempt, { backoff, random: () => 0, sleep: async () => undefined, signal: ac.signal })).rejects.toBe(reason);
    expect(calls).toBe(1);
  });

  it('reports each retry', async () => {
    const seen: unknown[] = [];
    const h = harness([refused(), answer(429, 50), answer(200)]);
    await sendWithRetries('GET', 'GET /x', h.attempt, { ...h.opts, onRetry: (i) => seen.push(i) });
    expect(seen).toEqual([
      { attempt: 1, delayMs: 105, code: 'ECONNREFUSED' },
      { attempt: 2, delayMs: 50, status: 429 },
    ]);
  });
});
