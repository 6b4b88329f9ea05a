import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import YAML from 'yaml';
import type { ClientConfig } from './client-config.js';

export interface ParseKubeconfigOptions {
  /** The context to use instead of `current-context`. */
  readonly context?: string;
  /** What relative file paths in the kubeconfig are relative to (the kubeconfig's directory, as client-go). */
  readonly baseDir?: string;
  /** Reads a file a path in the kubeconfig names (default: the file system, UTF-8). */
  readonly readFile?: (path: string) => string;
  /** Named in error messages. */
  readonly source?: string;
}

/**
 * A client config from a kubeconfig file (what libs/pki `renderKubeconfig` writes and kubectl
 * reads): `context` or else `current-context`; the cluster's `server`, `certificate-authority-data`
 * or `certificate-authority`, `tls-server-name`; the user's `client-certificate(-data)` and
 * `client-key(-data)`, `token`, `tokenFile`. Files named in it are read now (the token file on use),
 * relative to the kubeconfig's directory. `exec` and `auth-provider` users are refused.
 */
export function loadKubeconfig(path: string, context?: string): ClientConfig {
  const file = resolve(path);
  return parseKubeconfig(readFileSync(file, 'utf8'), { ...(context !== undefined && { context }), baseDir: dirname(file), source: file });
}

/** {@link loadKubeconfig} on kubeconfig text. */
export function parseKubeconfig(text: string, options: ParseKubeconfigOptions = {}): ClientConfig {
  const source = options.source ?? 'kubeconfig';
  const fail = (why: string): never => {
    throw new Error(`${source}: ${why}`);
  };
  const doc = (YAML.parse(text) ?? {}) as Record<string, unknown>;
  if (typeof doc !== 'object' || Array.isArray(doc)) fail('not a kubeconfig (expected a mapping)');
  const contextName = options.context ?? str(doc['current-context']);
  if (!contextName) fail('no context given and no current-context set');
  const ctx = entry(doc, 'contexts', 'context', contextName!) ?? fail(`context ${JSON.stringify(contextName)} not found`);
  const clusterName = str(ctx['cluster']) ?? fail(`context ${JSON.stringify(contextName)} names no cluster`);
  const cluster = entry(doc, 'clusters', 'cluster', clusterName!) ?? fail(`cluster ${JSON.stringify(clusterName)} not found`);
  const userName = str(ctx['user']);
  const user = userName ? (entry(doc, 'users', 'user', userName) ?? fail(`user ${JSON.stringify(userName)} not found`)) : {};

  const baseDir = options.baseDir ?? process.cwd();
  const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const filePath = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  /** The `<key>-data` (base64) value, else the file `<key>` names. */
  const pem = (from: Record<string, unknown>, key: string): string | undefined => {
    const data = str(from[`${key}-data`]);
    if (data) return Buffer.from(data, 'base64').toString('utf8');
    const file = str(from[key]);
    return file ? read(filePath(file)) : undefined;
  };

  const server = str(cluster['server']) ?? fail(`cluster ${JSON.stringify(clusterName)} has no server`);
  if (!/^https:\/\//i.test(server!)) fail(`cluster ${JSON.stringify(clusterName)}: the apiserver is HTTPS only, not ${JSON.stringify(server)}`);
  const ca = pem(cluster, 'certificate-authority') ?? fail(`cluster ${JSON.stringify(clusterName)} has no certificate-authority(-data): the client always verifies the apiserver`);
  if ('exec' in user || 'auth-provider' in user) fail(`user ${JSON.stringify(userName)}: exec and auth-provider credentials are not supported`);
  const cert = pem(user, 'client-certificate');
  const key = pem(user, 'client-key');
  if ((cert === undefined) !== (key === undefined)) fail(`user ${JSON.stringify(userName)}: client-certificate and client-key go together`);
  const token = str(user['token']);
  const tokenFile = str(user['tokenFile']);
  const tlsServerName = str(cluster['tls-server-name']);
  const namespace = str(ctx['namespace']);
  return {
    server: server!,
    ca: ca!,
    ...(cert !== undefined && { cert, key: key! }),
    ...(token && { token }),
    ...(tokenFile && { tokenFile: filePath(tokenFile) }),
    ...(tlsServerName && { tlsServerName }),
    ...(namespace && { namespace }),
  };
}

/** The `<inner>` mapping of the entry named `name` in the list `doc[list]`. */
function entry(doc: Record<string, unknown>, list: string, inner: string, name: string): Record<string, unknown> | undefined {
  const items = doc[list];
  if (!Array.isArray(items)) return undefined;
  const found = (items as Array<Record<string, unknown> | null>).find((i) => i?.['name'] === name);
  const value = found?.[inner];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : found ? {} : undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
