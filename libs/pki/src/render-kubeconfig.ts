import YAML from 'yaml';

export interface KubeconfigOptions {
  /** The apiserver's URL, e.g. `https://127.0.0.1:6443`. */
  readonly server: string;
  /** The cluster CA certificate clients verify the apiserver with. */
  readonly caPem: string;
  readonly clusterName?: string;
  readonly userName: string;
  /** A client certificate and its key, or a bearer token (static or ServiceAccount). */
  readonly credentials: { readonly certPem: string; readonly keyPem: string } | { readonly token: string };
  readonly namespace?: string;
}

/**
 * A kubeconfig with one cluster, one user and one context, made current; certificates are inlined
 * (`*-data`, base64) so the file is self-contained and can be copied anywhere.
 */
export function renderKubeconfig(options: KubeconfigOptions): string {
  const clusterName = options.clusterName ?? 'kubeledger';
  const contextName = `${options.userName}@${clusterName}`;
  const user =
    'token' in options.credentials
      ? { token: options.credentials.token }
      : { 'client-certificate-data': base64(options.credentials.certPem), 'client-key-data': base64(options.credentials.keyPem) };
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: { server: options.server, 'certificate-authority-data': base64(options.caPem) } }],
    users: [{ name: options.userName, user }],
    contexts: [
      {
        name: contextName,
        context: { cluster: clusterName, user: options.userName, ...(options.namespace ? { namespace: options.namespace } : {}) },
      },
    ],
    'current-context': contextName,
    preferences: {},
  });
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
