import { connect } from 'node:net';
import { joinHostPort } from './container-port.js';
import { dialError } from './dial-error.js';
import { failed, succeeded, type ProbeOutcome } from './probe-outcome.js';

/**
 * A tcpSocket probe (upstream's pkg/probe/tcp): success when a connection to `host:port` opens
 * within the timeout (it is closed at once), else a failure with Go's dial error.
 */
export function tcpProbe(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<ProbeOutcome> {
  const address = joinHostPort(host, port);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (outcome: ProbeOutcome) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done(failed(`dial tcp ${address}: i/o timeout`)), timeoutMs);
    const abort = () => done(failed(`dial tcp ${address}: operation was canceled`));
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    socket.once('connect', () => done(succeeded()));
    socket.once('error', (err) => done(failed(dialError(err, address, host))));
  });
}
