import type { Status, StatusDetails } from '@kubeledger/api';

/**
 * The apiserver refused a request: a non-2xx answer, carrying the `Status` it sent (or one made
 * from the HTTP code when the body was not a Status, as client-go's `newUnstructuredResponseError`).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The HTTP status code. */
  readonly status: number;
  /** `Status.reason` (`NotFound`, `Conflict`, `Invalid`, …), `Unknown` when there was none. */
  readonly reason: string;
  readonly details: StatusDetails | undefined;
  /** The Status as received (or as made from the HTTP code). */
  readonly body: Status;
  /** The request, e.g. `GET /api/v1/namespaces/default/pods/web`. */
  readonly request: string;
  /** The server's Retry-After, in seconds, when it sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: Status, request: string, retryAfterSeconds?: number) {
    super(body.message || `the server answered ${status}`);
    this.status = status;
    this.reason = body.reason ?? 'Unknown';
    this.details = body.details;
    this.body = body;
    this.request = request;
    this.retryAfterSeconds = retryAfterSeconds ?? body.details?.retryAfterSeconds;
  }
}

/** Shape check (works across module copies). */
export function isApiError(err: unknown): err is ApiError {
  return err instanceof Error && err.name === 'ApiError' && typeof (err as Partial<ApiError>).status === 'number' && typeof (err as Partial<ApiError>).body === 'object';
}

/** The reason of an ApiError (`Unknown` for anything else), as apimachinery's `ReasonForError`. */
export function reasonForError(err: unknown): string {
  return isApiError(err) ? err.reason : 'Unknown';
}

// As apimachinery's errors.IsX: the reason decides; a reason-less answer falls back to the code.
const is = (reason: string, code?: number) => (err: unknown): boolean =>
  isApiError(err) && (err.reason === reason || (code !== undefined && err.reason === 'Unknown' && err.status === code));

export const isNotFound = is('NotFound', 404);
export const isAlreadyExists = is('AlreadyExists');
export const isConflict = is('Conflict', 409);
export const isInvalid = is('Invalid', 422);
export const isForbidden = is('Forbidden', 403);
export const isUnauthorized = is('Unauthorized', 401);
export const isBadRequest = is('BadRequest', 400);
export const isMethodNotSupported = is('MethodNotAllowed', 405);
export const isTooManyRequests = is('TooManyRequests', 429);
export const isServiceUnavailable = is('ServiceUnavailable', 503);
export const isServerTimeout = is('ServerTimeout');
export const isTimeout = is('Timeout', 504);
/** 410: a resourceVersion or continue token older than the compaction horizon — relist (apimachinery `IsResourceExpired`/`IsGone`). */
export const isResourceExpired = (err: unknown): boolean => is('Expired', 410)(err) || is('Gone')(err);

/** The answer of `request`, or undefined when the object does not exist (404) — a GET of something that may be absent. */
export async function ifExists<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
