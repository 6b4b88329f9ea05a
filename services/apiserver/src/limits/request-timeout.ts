import { badRequest, type StatusError } from '@kubeledger/api';
import { parseGoDuration } from './go-duration.js';

/**
 * How long a non-long-running request may take (upstream's WithRequestDeadline): the `timeout`
 * query parameter when it is positive and below the server's maximum (--request-timeout),
 * otherwise the maximum. A malformed parameter is a 400 with upstream's message.
 */
export function requestTimeoutMs(param: string | null, maximumMs: number): number | StatusError {
  if (!param) return maximumMs;
  const parsed = parseGoDuration(param);
  if ('error' in parsed) return badRequest(`invalid timeout specified in the request URL - ${parsed.error}`);
  const ms = Number(parsed.nanoseconds) / 1e6;
  return ms > 0 && ms < maximumMs ? ms : maximumMs;
}
