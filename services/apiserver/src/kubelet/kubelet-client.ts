import type { IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';

/** How the apiserver talks to kubelets (kube-apiserver's --kubelet-client-certificate, --kubelet-client-key, --kubelet-certificate-authority). */
export interface KubeletClientOptions {
  /** The client certificate and key it presents (PEM): kubeadm's `kube-apiserver-kubelet-client`. */
  readonly cert?: string;
  readonly key?: string;
  /** Kubelets' serving certificates are verified against this CA (PEM); unset: not verified, as upstream without the flag. */
  readonly ca?: string;
}

/** A GET to a kubelet, resolved with the response once its headers have arrived. */
export interface KubeletClient {
  get(url: URL, options: { readonly signal: AbortSignal; readonly insecureSkipVerify?: boolean }): Promise<IncomingMessage>;
}

/** kube-apiserver's --kubelet-timeout: how long connecting (TCP and TLS) to a kubelet may take. */
const DIAL_TIMEOUT_MS = 5000;

/**
 * The apiserver's client for kubelets: HTTPS with its client certificate, the kubelet's serving
 * certificate verified when a CA is given (`insecureSkipVerify`, PodLogOptions'
 * insecureSkipTLSVerifyBackend, skips it for one request). A failure is an Error whose message
 * reads as Go's (`dial tcp <host>:<port>: connect: connection refused`).
 */
export function kubeletClient(options: KubeletClientOptions = {}): KubeletClient {
  const credentials = { ...(options.cert && { cert: options.cert }), ...(options.key && { key: options.key }) };
  const verifying = new Agent({ ...credentials, ...(options.ca && { ca: options.ca }), rejectUnauthorized: options.ca !== undefined, keepAlive: false });
  const insecure = options.ca === undefined ? verifying : new Agent({ ...credentials, rejectUnauthorized: false, keepAlive: false });
  return {
    get(url, { signal, insecureSkipVerify = false }) {
      return new Promise((resolve, reject) => {
        const request = httpsRequest(url, { method: 'GET', agent: insecureSkipVerify ? insecure : verifying, signal, headers: { accept: '*/*' } }, resolve);
        request.on('error', (err: NodeJS.ErrnoException) => reject(new Error(goError(err, url), { cause: err })));
        request.once('socket', (socket) => {
          if (!socket.connecting) return;
          const timer = setTimeout(() => request.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })), DIAL_TIMEOUT_MS);
          socket.once('secureConnect', () => clearTimeout(timer));
          socket.once('close', () => clearTimeout(timer));
        });
        request.end();
      });
    },
  };
}

const UNKNOWN_AUTHORITY = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT']);

function goError(err: NodeJS.ErrnoException, url: URL): string {
  const dial = `dial tcp ${url.host}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `${dial}: connect: connection refused`;
    case 'ETIMEDOUT':
      return `${dial}: i/o timeout`;
    case 'EHOSTUNREACH':
      return `${dial}: connect: no route to host`;
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `tls: failed to verify certificate: x509: ${err.message}`;
    default:
      if (err.code && UNKNOWN_AUTHORITY.has(err.code)) return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
      return err.message;
  }
}
