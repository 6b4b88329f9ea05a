import { describe, expect, it } from 'vitest';
import { isStatusError } from '@kubeledger/api';
import { requestTimeoutMs } from './request-timeout.js';

describe('requestTimeoutMs (upstream WithRequestDeadline)', () => {
  it('takes the timeout parameter when it is positive and below the maximum, else the maximum', () => {
    expect(requestTimeoutMs(null, 60_000)).toBe(60_000);
    expect(requestTimeoutMs('32s', 60_000)).toBe(32_000);
    expect(requestTimeoutMs('250ms', 60_000)).toBe(250);
    expect(requestTimeoutMs('5m', 60_000)).toBe(60_000);
    expect(requestTimeoutMs('0s', 60_000)).toBe(60_000);
    expect(requestTimeoutMs('-1s', 60_000)).toBe(60_000);
  });

  it('answers a malformed parameter with a 400 carrying Go’s parse error', () => {
    const err = requestTimeoutMs('soon', 60_000);
    expect(isStatusError(err)).toBe(true);
    expect(isStatusError(err) && err.status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'invalid timeout specified in the request URL - time: invalid duration "soon"',
    });
  });
});
