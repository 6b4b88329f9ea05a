import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { joinHostPort } from './container-port.js';
import { dialError } from './dial-error.js';
import type { HttpProbeRequest } from './http-get-request.js';
import { failed, MAX_PROBE_OUTPUT, succeeded, type ProbeOutcome } from './probe-outcome.js';

const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Target {
  readonly url: string;
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

class ProbeTimeout extends Error {
  constructor() {
    super('context deadline exceeded (Client.Timeout exceeded while awaiting headers)');
    this.name = 'ProbeTimeout';
  }
}

/**
 * An httpGet probe (upstream's pkg/probe/http): GET without keep-alive, HTTPS without verifying
 * the certificate, redirects followed while they stay on the same host (at most 10); within the
 * timeout. 200–299 is a success; 300–399 a warning (a redirect elsewhere, not followed: a success
 * with a ProbeWarning); anything else `HTTP probe failed with statuscode: <code>` (never the
 * body); no answer is Go's client error (`Get "<url>": dial tcp …: connect: connection refused`).
 */
export async function httpProbe(request: HttpProbeRequest, timeoutMs: number, signal?: AbortSignal): Promise<ProbeOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ProbeTimeout()), timeoutMs);
  const cancel = () => controller.abort(new Error('context canceled'));
  if (signal?.aborted) cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  let target: Target = request;
  let reading = false;
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await get(target, request.headers, controller.signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location) {
        const next = new URL(location, `${target.scheme}://${joinHostPort(target.host, target.port)}${target.path}`);
        if (hostname(next) === request.host && (next.protocol === 'http:' || next.protocol === 'https:')) {
          response.resume();
          if (redirects + 1 >= MAX_REDIRECTS) return failed(`Get ${JSON.stringify(next.href)}: stopped after ${MAX_REDIRECTS} redirects`);
          const scheme = next.protocol === 'https:' ? 'https' : 'http';
          target = { url: next.href, scheme, host: hostname(next), port: Number(next.port) || (scheme === 'https' ? 443 : 80), path: `${next.pathname}${next.search}` };
          continue;
        }
      }
      reading = true;
      const body = await readAtMost(response, MAX_PROBE_OUTPUT);
      if (status >= 200 && status < 300) return succeeded(body);
      if (status >= 300 && status < 400) return { result: 'warning', output: `Probe terminated redirects, Response body: ${body}` };
      return failed(`HTTP probe failed with statuscode: ${status}`);
    }
  } catch (err) {
    const reason = controller.signal.aborted ? (controller.signal.reason as Error) : (err as Error);
    if (reading) {
      // The body could not be read: upstream returns the error, and the probe's result is thrown away.
      const message = reason.name === 'ProbeTimeout' ? 'context deadline exceeded (Client.Timeout or context cancellation while reading body)' : reason.message;
      return { result: 'failure', output: '', error: new Error(message) };
    }
    return failed(`Get ${JSON.stringify(target.url)}: ${describe(reason, target)}`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

const hostname = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

function describe(err: Error, target: Target): string {
  if (err.name === 'ProbeTimeout' || err.message === 'context canceled') return err.message;
  if (err.message === 'socket hang up') return 'EOF';
  return dialError(err, joinHostPort(target.host, target.port), target.host);
}

function get(target: Target, headers: HttpProbeRequest['headers'], signal: AbortSignal): Promise<IncomingMessage> {
  const send = target.scheme === 'https' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send({
      host: target.host,
      port: target.port,
      path: target.path,
      method: 'GET',
      headers: Object.fromEntries(Object.entries(headers).map(([name, values]) => [name, values.length === 1 ? values[0]! : [...values]])),
      agent: false,
      signal,
      // TLS names the URL's host (never a Host header), and checks no certificate.
      ...(target.scheme === 'https' && { rejectUnauthorized: false, servername: isIP(target.host) ? '' : target.host }),
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

/** The body, at most `limit` bytes of it (the rest is not read); rejects when the response ends before its end (aborted). */
function readAtMost(response: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      response.removeAllListeners('data');
      if (err) reject(err);
      else resolve(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        finish();
        response.destroy();
      }
    });
    response.once('end', () => finish());
    response.once('error', (err) => finish(err));
    response.once('close', () => finish(new Error('unexpected EOF')));
  });
}
