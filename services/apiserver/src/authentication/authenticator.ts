import type { TLSSocket } from 'node:tls';
import type { UserInfo } from './user-info.js';

/** What an authenticator reads of a request: its headers and, over TLS, its socket. */
export interface Credentials {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly socket: Pick<TLSSocket, 'getPeerCertificate' | 'authorized' | 'authorizationError'> | { readonly encrypted?: undefined };
}

/**
 * One way to authenticate (upstream's authenticator.Request): `undefined` when the request carries
 * no credentials of its kind, the user when they are good, an AuthenticationError when they are
 * not. Every presented credential that fails means 401, never a fall-through to anonymous.
 */
export type Authenticator = (credentials: Credentials) => Promise<UserInfo | undefined>;

/** Credentials that were presented and are bad: the request is answered 401 Unauthorized. */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

/** The bearer token of an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(credentials: Credentials): string | undefined {
  const header = credentials.headers['authorization'];
  if (typeof header !== 'string') return undefined;
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
