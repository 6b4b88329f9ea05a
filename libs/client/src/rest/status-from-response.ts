import type { Status, StatusReason } from '@kubeledger/api';

/**
 * The Status behind a non-2xx answer: the body when it is one (`kind: Status`), else one built
 * from the HTTP code with client-go's reasons and messages (`newUnstructuredResponseError`), the
 * body text kept in a cause.
 */
export function statusFromResponse(code: number, text: string, method: string): Status {
  const parsed = parseStatus(text);
  if (parsed) return { ...parsed, code: typeof parsed.code === 'number' && parsed.code > 0 ? parsed.code : code };
  const [reason, message] = fallback(code, method, text);
  const trimmed = text.trim();
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(reason && { reason }),
    ...(trimmed && { details: { causes: [{ reason: 'UnexpectedServerResponse', message: trimmed.slice(0, 1024) }] } }),
    code,
  };
}

function parseStatus(text: string): Status | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const body = JSON.parse(text) as Partial<Status> | null;
    return body && body.kind === 'Status' && (body.apiVersion === 'v1' || body.apiVersion === undefined) ? (body as Status) : undefined;
  } catch {
    return undefined;
  }
}

function fallback(code: number, method: string, text: string): [StatusReason | undefined, string] {
  switch (code) {
    case 400:
      return ['BadRequest', 'the server rejected our request for an unknown reason'];
    case 401:
      return ['Unauthorized', 'the server has asked for the client to provide credentials'];
    case 403:
      return ['Forbidden', 'the server does not allow access to the requested resource'];
    case 404:
      return ['NotFound', 'the server could not find the requested resource'];
    case 405:
      return ['MethodNotAllowed', 'the server does not allow this method on the requested resource'];
    case 406:
      return ['NotAcceptable', 'the server was unable to respond with a content type that the client supports'];
    case 409:
      return [method.toUpperCase() === 'POST' ? 'AlreadyExists' : 'Conflict', 'the server reported a conflict'];
    case 410:
      return ['Gone', 'the server has asked for the client to retry the request with a fresh resource version'];
    case 413:
      return ['RequestEntityTooLarge', 'the server has rejected the request because it is too large'];
    case 415:
      return ['UnsupportedMediaType', 'the server was unable to process the request because of an unsupported media type'];
    case 422:
      return ['Invalid', 'the server rejected our request due to an error in our request'];
    case 429:
      return ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'];
    case 503:
      return ['ServiceUnavailable', 'the server is currently unable to handle the request'];
    case 504:
      return ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'];
    default:
      if (code >= 500) return ['InternalError', `an error on the server (${JSON.stringify(text.trim().slice(0, 256) || 'unknown')}) has prevented the request from succeeding`];
      return [undefined, `the server responded with the status code ${code} but did not return more information`];
  }
}
