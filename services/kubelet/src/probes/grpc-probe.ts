import { connect, type IncomingHttpHeaders } from 'node:http2';
import { goDuration } from '../runtime/restart-backoff.js';
import { joinHostPort } from './container-port.js';
import { dialError } from './dial-error.js';
import { PROBE_USER_AGENT } from './http-get-request.js';
import { failed, succeeded, type ProbeOutcome } from './probe-outcome.js';

const CODES = ['OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists', 'PermissionDenied', 'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange', 'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated'];
const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
const UNIMPLEMENTED = 12;

/**
 * A grpc probe (upstream's pkg/probe/grpc): one `grpc.health.v1.Health/Check` call over
 * plaintext HTTP/2 with the `service` asked for, within the timeout. Success when the answer is
 * SERVING; otherwise a failure with upstream's wording (`service unhealthy (responded with
 * "NOT_SERVING")`, `this server doesn't implement the grpc health protocol …`).
 */
export function grpcProbe(host: string, port: number, service: string, timeoutMs: number, signal?: AbortSignal): Promise<ProbeOutcome> {
  const address = joinHostPort(host, port);
  return new Promise((resolve) => {
    let connected = false;
    let settled = false;
    const session = connect(`http://${address}`);
    const done = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      session.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () =>
        done(
          connected
            ? failed(`timeout: health rpc did not complete within ${goDuration(timeoutMs)}`)
            : failed(`timeout: failed to connect service ${JSON.stringify(address)} within ${goDuration(timeoutMs)}: context deadline exceeded`),
        ),
      timeoutMs,
    );
    const abort = () => done(failed(`error: health rpc probe failed: rpc error: code = Canceled desc = context canceled`));
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    session.once('connect', () => (connected = true));
    const connectFailed = (err: Error) => done(failed(`error: failed to connect service at ${JSON.stringify(address)}: ${dialError(err, address, host)}`));
    session.once('error', connectFailed);

    const stream = session.request({ ':method': 'POST', ':path': '/grpc.health.v1.Health/Check', 'content-type': 'application/grpc', te: 'trailers', 'user-agent': PROBE_USER_AGENT });
    const chunks: Buffer[] = [];
    let headers: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders = {};
    stream.on('response', (h) => (headers = h));
    stream.on('trailers', (t) => (trailers = t));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('error', (err) => {
      // A stream cancelled because the connection could not be made: the connection's error says why.
      const cause = (err as Error & { cause?: unknown }).cause;
      if (!connected && cause instanceof Error) return connectFailed(cause);
      done(failed(`error: health rpc probe failed: ${err.message}`));
    });
    stream.once('close', () => {
      const code = Number(trailers['grpc-status'] ?? headers['grpc-status'] ?? NaN);
      const message = decodeURIComponent(String(trailers['grpc-message'] ?? headers['grpc-message'] ?? ''));
      if (Number.isNaN(code)) return done(failed(`error: health rpc probe failed: rpc error: code = Unknown desc = HTTP status ${String(headers[':status'] ?? 'missing')}, no grpc-status`));
      if (code === UNIMPLEMENTED) return done(failed(`this server doesn't implement the grpc health protocol (grpc.health.v1.Health): ${message}`));
      if (code !== 0) return done(failed(`error: health rpc probe failed: rpc error: code = ${CODES[code] ?? `Code(${code})`} desc = ${message}`));
      const status = servingStatus(Buffer.concat(chunks));
      done(status === 1 ? succeeded('service is serving') : failed(`service unhealthy (responded with ${JSON.stringify(SERVING_STATUS[status] ?? String(status))})`));
    });
    stream.end(grpcFrame(service));
  });
}

/** A length-prefixed gRPC message holding HealthCheckRequest{service} (field 1, a string). */
function grpcFrame(service: string): Buffer {
  const name = Buffer.from(service, 'utf8');
  const message = name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]);
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** HealthCheckResponse.status (field 1, an enum) of the first message; 0 (UNKNOWN) when absent. */
function servingStatus(body: Buffer): number {
  if (body.length < 5) return 0;
  const message = body.subarray(5, 5 + body.readUInt32BE(1));
  let status = 0;
  for (let i = 0; i < message.length; ) {
    const [tag, afterTag] = readVarint(message, i);
    const wire = tag & 7;
    if (wire === 0) {
      const [value, next] = readVarint(message, afterTag);
      if (tag >>> 3 === 1) status = value;
      i = next;
    } else if (wire === 2) {
      const [length, next] = readVarint(message, afterTag);
      i = next + length;
    } else if (wire === 1) i = afterTag + 8;
    else if (wire === 5) i = afterTag + 4;
    else break;
  }
  return status;
}

function readVarint(buffer: Buffer, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let i = at;
  while (i < buffer.length) {
    const byte = buffer[i++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
  }
  return [value, i];
}
