import { FieldErrorTypes, type FieldError } from './field-error.js';
import { failure, type Status, type StatusReason } from './status.js';

/** An error that carries the Status the client gets. Handlers throw these; one boundary renders them. */
export class StatusError extends Error {
  override readonly name = 'StatusError';
  readonly status: Status;

  constructor(status: Status) {
    super(status.message);
    this.status = status;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): StatusReason | undefined {
    return this.status.reason;
  }
}

/** Shape check (works across module copies). */
export function isStatusError(err: unknown): err is StatusError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'StatusError' && typeof (err as { status?: unknown }).status === 'object';
}

export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/** `pods`, `deployments.apps`: how upstream names a resource in messages. */
export const qualifiedResource = (gr: GroupResource): string => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);
const qualifiedKind = (gk: GroupKind): string => (gk.group ? `${gk.kind}.${gk.group}` : gk.kind);

const make = (reason: StatusReason, message: string, details?: Status['details']) => new StatusError(failure(reason, message, details));

export const notFound = (gr: GroupResource, name: string) =>
  make('NotFound', `${qualifiedResource(gr)} "${name}" not found`, { name, group: gr.group, kind: gr.resource });

export const alreadyExists = (gr: GroupResource, name: string) =>
  make('AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, { name, group: gr.group, kind: gr.resource });

/** The optimistic-lock conflict (store.go OptimisticLockErrorMsg) unless another reason is given. */
export const conflict = (gr: GroupResource, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') =>
  make('Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`, { name, group: gr.group, kind: gr.resource });

export function invalid(gk: GroupKind, name: string, errors: readonly FieldError[]): StatusError {
  const bodies = errors.map((e) => `${e.field}: ${fieldErrorBody(e)}`);
  const aggregate = bodies.length === 1 ? bodies[0]! : `[${bodies.join(', ')}]`;
  return make('Invalid', `${qualifiedKind(gk)} "${name}" is invalid: ${aggregate}`, {
    name,
    group: gk.group,
    kind: gk.kind,
    causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
  });
}

export const forbidden = (gr: GroupResource, name: string, why: string) =>
  make('Forbidden', `${qualifiedResource(gr)}${name ? ` "${name}"` : ''} is forbidden: ${why}`, { ...(name && { name }), group: gr.group, kind: gr.resource });

export const methodNotSupported = (gr: GroupResource, action: string) =>
  make('MethodNotAllowed', `${action} is not supported on resources of kind "${qualifiedResource(gr)}"`, { group: gr.group, kind: gr.resource });

export const resourceExpired = (message: string) => make('Expired', message);
export const tooOldResourceVersion = (asked: number, current: number) => resourceExpired(`too old resource version: ${asked} (${current})`);
export const badRequest = (message: string) => make('BadRequest', message);
export const unauthorized = (message = 'Unauthorized') => make('Unauthorized', message);
export const notAcceptable = (message: string) => make('NotAcceptable', message);
export const requestEntityTooLarge = (message: string) => make('RequestEntityTooLarge', `Request entity too large: ${message}`);
export const unsupportedMediaType = (message: string) => make('UnsupportedMediaType', message);
export const tooManyRequests = (message: string, retryAfterSeconds: number) => make('TooManyRequests', message, { retryAfterSeconds });
export const serviceUnavailable = (message: string) => make('ServiceUnavailable', message);
export const internalError = (cause: unknown) => {
  const message = (cause as Error)?.message ?? String(cause);
  return make('InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
};
export const timeout = (message: string, retryAfterSeconds: number) => make('Timeout', `Timeout: ${message}`, { retryAfterSeconds });

/** A revision newer than the server has: 504 with Retry-After, cause ResourceVersionTooLarge (NewTooLargeResourceVersionError). */
export const tooLargeResourceVersion = (asked: number, current: number, retryAfterSeconds = 1) =>
  make('Timeout', `Timeout: Too large resource version: ${asked}, current: ${current}`, {
    retryAfterSeconds,
    causes: [{ reason: 'ResourceVersionTooLarge', message: `Too large resource version` }],
  });

/** What NewGenericServerResponse says for each code it knows, and the reason it gives it. */
const GENERIC_RESPONSES: Readonly<Record<number, { reason?: StatusReason; message: (serverMessage: string) => string }>> = {
  400: { reason: 'BadRequest', message: () => 'the server rejected our request for an unknown reason' },
  401: { reason: 'Unauthorized', message: () => 'the server has asked for the client to provide credentials' },
  403: { reason: 'Forbidden', message: (m) => m },
  404: { reason: 'NotFound', message: () => 'the server could not find the requested resource' },
  405: { reason: 'MethodNotAllowed', message: () => 'the server does not allow this method on the requested resource' },
  406: { reason: 'NotAcceptable', message: (m) => (m === '' || m === 'unknown' ? 'the server was unable to respond with a content type that the client supports' : m) },
  409: { reason: 'Conflict', message: () => 'the server reported a conflict' },
  415: { reason: 'UnsupportedMediaType', message: (m) => m },
  422: { reason: 'Invalid', message: () => 'the server rejected our request due to an error in our request' },
  429: { reason: 'TooManyRequests', message: () => 'the server has received too many requests and has asked us to try again later' },
  503: { reason: 'ServiceUnavailable', message: () => 'the server is currently unable to handle the request' },
  504: { reason: 'Timeout', message: () => 'the server was unable to return a response in the time allotted, but may still be processing the request' },
};

/**
 * The error for a response that is not a Status, from a server the apiserver talked to (a
 * kubelet): upstream's NewGenericServerResponse with no verb — the code kept, a reason and
 * message by code, `(<verb> <resource> <name>)` appended (the verb empty, as LocationStreamer's
 * checker leaves it). An unknown code below 500 has no reason.
 */
export function genericServerResponse(code: number, gr: GroupResource, name: string, serverMessage: string): StatusError {
  const known = GENERIC_RESPONSES[code];
  const reason = known?.reason ?? (code >= 500 ? 'InternalError' : undefined);
  const message = known
    ? known.message(serverMessage)
    : code >= 500
      ? `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`
      : `the server responded with the status code ${code} but did not return more information`;
  const resource = qualifiedResource(gr);
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: resource ? `${message} ( ${resource}${name ? ` ${name}` : ''})` : message,
    ...(reason && { reason }),
    details: { ...(name && { name }), group: gr.group, kind: gr.resource },
    code,
  });
}

/** field.Error.ErrorBody(): what follows `<field>: ` in upstream messages. */
export function fieldErrorBody(e: FieldError): string {
  const detail = e.detail ? `: ${e.detail}` : '';
  const value = e.badValue === undefined ? '' : `: ${formatValue(e.badValue)}`;
  switch (e.type) {
    case FieldErrorTypes.required:
      return e.detail && e.detail !== 'Required value' ? `Required value${detail}` : 'Required value';
    case FieldErrorTypes.forbidden:
      return `Forbidden${detail}`;
    case FieldErrorTypes.invalid:
    case FieldErrorTypes.typeInvalid:
      return `Invalid value${value}${detail}`;
    case FieldErrorTypes.notSupported:
      return `Unsupported value${value}${detail}`;
    case FieldErrorTypes.duplicate:
      return `Duplicate value${value}`;
    case FieldErrorTypes.tooLong:
      return `Too long${detail}`;
    case FieldErrorTypes.tooMany:
      return `Too many${value}${detail}`;
    default: {
      const never: never = e.type;
      return String(never);
    }
  }
}

/** Values as Go's %q / %d / %v render them in field errors. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return JSON.stringify(value);
}

/** The 404 for a path the server does not serve at all (upstream's NotFoundHandler). */
export const pathNotFound = () => make('NotFound', 'the server could not find the requested resource', {});
