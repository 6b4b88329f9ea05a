import type { PeerCertificate } from 'node:tls';
import { AuthenticationError, type Authenticator } from './authenticator.js';
import type { UserInfo } from './user-info.js';

/**
 * Client certificates (upstream's x509 authenticator): the TLS handshake has already checked the
 * chain against the client CA (the server asks for a certificate and accepts the connection
 * either way); a verified certificate's subject CN is the user and each O a group. A certificate
 * the CA did not sign, or that has expired, is a 401. One TLS connection carries one identity, so
 * the answer is kept per socket.
 */
export function x509Authenticator(): Authenticator {
  const bySocket = new WeakMap<object, UserInfo | AuthenticationError | null>();
  return async ({ socket }) => {
    if (!('getPeerCertificate' in socket)) return undefined; // plain HTTP
    let known = bySocket.get(socket);
    if (known === undefined) {
      known = identify(socket.getPeerCertificate(), socket.authorized, socket.authorizationError);
      bySocket.set(socket, known);
    }
    if (known instanceof AuthenticationError) throw known;
    return known ?? undefined;
  };
}

function identify(cert: PeerCertificate, authorized: boolean, error: Error | string | undefined): UserInfo | AuthenticationError | null {
  if (!cert || Object.keys(cert).length === 0) return null; // no certificate presented
  if (!authorized) return new AuthenticationError(`verifying certificate failed: ${String(error ?? 'not signed by the client CA')}`);
  const cn = single(cert.subject?.CN);
  if (!cn) return new AuthenticationError('the client certificate has no common name');
  return { name: cn, groups: many(cert.subject?.O) };
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const many = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
