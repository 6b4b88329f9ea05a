import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** Who a request to the kubelet comes from (authentication.k8s.io UserInfo). */
export interface KubeletUser {
  readonly name: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** Asks the apiserver whom a bearer token belongs to (a TokenReview); undefined when it authenticates no one. */
export type TokenReviewer = (token: string) => Promise<KubeletUser | undefined>;

/**
 * The kubelet's authentication (upstream's, as kubeadm configures it: x509 from the cluster CA,
 * webhook tokens, no anonymous requests): a client certificate the TLS handshake verified against
 * the client CA is its subject's CN in its O groups; else a bearer token is whoever the
 * apiserver's TokenReview says; else, or when either fails, nobody (401).
 */
export function kubeletAuthenticator(reviewToken: TokenReviewer): (request: IncomingMessage) => Promise<KubeletUser | undefined> {
  return async (request) => {
    const socket = request.socket as TLSSocket;
    const cert = socket.getPeerCertificate?.();
    if (cert && Object.keys(cert).length > 0) {
      const name = single(cert.subject?.CN);
      return socket.authorized && name ? { name, groups: many(cert.subject?.O) } : undefined;
    }
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      return await reviewToken(token);
    } catch {
      return undefined; // the review could not be made: not authenticated (upstream answers 401 too)
    }
  };
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const many = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
