import type { Revision } from './log-record.js';

/**
 * A list continuation: the revision the first page was read at (later pages are read at the same
 * revision) and the last key returned. Encoded like upstream's: base64 of
 * `{"v":"meta.k8s.io/v1","rv":N,"start":"<key>\u0000"}`.
 */
export interface ListCursor {
  readonly revision: Revision;
  readonly afterKey: string;
}

const VERSION = 'meta.k8s.io/v1';

export function encodeContinueToken(cursor: ListCursor): string {
  const json = JSON.stringify({ v: VERSION, rv: cursor.revision, start: cursor.afterKey + '\u0000' });
  return base64Encode(json);
}

/** Returns undefined for a token that is not one of ours (the caller answers 400 BadRequest). */
export function decodeContinueToken(token: string): ListCursor | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(base64Decode(token));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { v, rv, start } = parsed as Record<string, unknown>;
  if (v !== VERSION || typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv <= 0) return undefined;
  if (typeof start !== 'string' || !start.endsWith('\u0000')) return undefined;
  return { revision: rv, afterKey: start.slice(0, -1) };
}

function base64Encode(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64Decode(b64: string): string {
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
