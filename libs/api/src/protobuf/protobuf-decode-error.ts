/** Group, version and kind, as the body's envelope (or the request, where the envelope left them out) names them. */
export interface DecodedKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/**
 * A `application/vnd.kubernetes.protobuf` body that cannot be decoded. `kind` is set once the
 * envelope named one: the HTTP layer words the two cases as upstream's transformDecodeError does
 * ("<kind> in version … cannot be handled as …" / "the object provided is unrecognized …").
 */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
  readonly kind: DecodedKind | undefined;

  constructor(message: string, kind?: DecodedKind) {
    super(message);
    this.kind = kind;
  }
}

/** Shape check (works across module copies). */
export function isProtobufDecodeError(err: unknown): err is ProtobufDecodeError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ProtobufDecodeError';
}
