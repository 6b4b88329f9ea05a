/**
 * A request got no answer: the connection failed (`code` from Node or undici — `ECONNREFUSED`,
 * `ECONNRESET`, `UND_ERR_SOCKET`, a TLS verification code, …) or the client's timeout ran out
 * (`code` `ETIMEDOUT`). Thrown once the retries allowed are used up; the original error is `cause`.
 * An answer from the server, however unwelcome, is an {@link ApiError} instead.
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly code: string;
  /** The request, e.g. `GET https://127.0.0.1:6443/api/v1/pods`. */
  readonly request: string;
  /** How many attempts were made. */
  readonly attempts: number;

  constructor(code: string, request: string, attempts: number, cause: unknown) {
    const why = cause instanceof Error && cause.message ? cause.message : code;
    super(`${request}: ${why}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`, { cause });
    this.code = code;
    this.request = request;
    this.attempts = attempts;
  }
}

/** Shape check (works across module copies). */
export function isTransportError(err: unknown): err is TransportError {
  return err instanceof Error && err.name === 'TransportError' && typeof (err as Partial<TransportError>).code === 'string';
}
