import { parseQuantity } from '@kubeledger/api';
import { ContainerConfigError } from '../runtime/container-config-error.js';
import type { ContainerSpec, EnvVarSpec, Pod } from './pod.js';

/** Where the kubelet reads what a container's environment refers to (its own client: the Node authorizer lets it read what its pods reference). */
export interface EnvSources {
  /** The ConfigMap's data; undefined when it does not exist. */
  configMap(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  /** The Secret's data, decoded; undefined when it does not exist. */
  secret(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  /** The node's capacity: what `resourceFieldRef` gives for a limit the container does not set. */
  readonly nodeCapacity: { readonly cpu: string; readonly memory: string };
}

export interface EnvVar {
  readonly name: string;
  readonly value: string;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * A container's environment (upstream's makeEnvironmentVariables, without the service links):
 * `envFrom` first (prefix; keys that are not valid names are skipped), then `env` — value with
 * `$(VAR)` references to earlier variables expanded, or valueFrom fieldRef, resourceFieldRef,
 * configMapKeyRef, secretKeyRef (`optional` honoured). Throws a ContainerConfigError with
 * upstream's message when a reference cannot be resolved.
 */
export async function containerEnv(pod: Pod, spec: ContainerSpec, podIP: string, hostIP: string, sources: EnvSources): Promise<EnvVar[]> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const vars = new Map<string, string>();
  const cache = new Map<string, Promise<Record<string, string> | undefined>>();
  const read = (kind: 'ConfigMap' | 'Secret', name: string) => {
    const key = `${kind}/${name}`;
    if (!cache.has(key)) cache.set(key, kind === 'ConfigMap' ? sources.configMap(namespace, name) : sources.secret(namespace, name));
    return cache.get(key)!;
  };
  for (const from of spec.envFrom ?? []) {
    const [kind, ref] = from.configMapRef ? (['ConfigMap', from.configMapRef] as const) : from.secretRef ? (['Secret', from.secretRef] as const) : [undefined, undefined];
    if (!kind) continue;
    const data = await read(kind, ref.name ?? '');
    if (!data) {
      if (ref.optional) continue;
      throw new ContainerConfigError(`${kind.toLowerCase()} "${ref.name ?? ''}" not found`);
    }
    for (const [k, v] of Object.entries(data)) if (ENV_NAME.test(`${from.prefix ?? ''}${k}`)) vars.set(`${from.prefix ?? ''}${k}`, v);
  }
  for (const e of spec.env ?? []) {
    const value = await envValue(pod, spec, e, podIP, hostIP, sources, read, namespace, vars);
    if (value !== undefined) vars.set(e.name, value);
  }
  return [...vars].map(([name, value]) => ({ name, value }));
}

/** `$(VAR)` → the variable's value when defined (else left as it is); `$$` → `$` (upstream's expansion). */
export function expandVars(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$\$|\$\(([^)]*)\)/g, (match, name: string | undefined) => (name === undefined ? '$' : (vars.get(name) ?? match)));
}

async function envValue(
  pod: Pod,
  spec: ContainerSpec,
  e: EnvVarSpec,
  podIP: string,
  hostIP: string,
  sources: EnvSources,
  read: (kind: 'ConfigMap' | 'Secret', name: string) => Promise<Record<string, string> | undefined>,
  namespace: string,
  vars: ReadonlyMap<string, string>,
): Promise<string | undefined> {
  const from = e.valueFrom;
  if (!from) return expandVars(e.value ?? '', vars);
  if (from.fieldRef) return fieldValue(pod, from.fieldRef.fieldPath, podIP, hostIP);
  if (from.resourceFieldRef) return resourceValue(pod, spec, from.resourceFieldRef, sources.nodeCapacity);
  const keyRef = from.configMapKeyRef ? (['ConfigMap', from.configMapKeyRef] as const) : from.secretKeyRef ? (['Secret', from.secretKeyRef] as const) : undefined;
  if (!keyRef) return '';
  const [kind, ref] = keyRef;
  const data = await read(kind, ref.name ?? '');
  if (!data) {
    if (ref.optional) return undefined;
    throw new ContainerConfigError(`${kind.toLowerCase()} "${ref.name ?? ''}" not found`);
  }
  const value = data[ref.key];
  if (value === undefined) {
    if (ref.optional) return undefined;
    throw new ContainerConfigError(`couldn't find key ${ref.key} in ${kind} ${namespace}/${ref.name ?? ''}`);
  }
  return value;
}

function fieldValue(pod: Pod, fieldPath: string, podIP: string, hostIP: string): string {
  const meta = pod.metadata ?? {};
  const map = (m: unknown) => (m ?? {}) as Record<string, string>;
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (subscript) return map(meta[subscript[1]!])[subscript[2]!] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'metadata.labels':
    case 'metadata.annotations':
      return Object.entries(map(meta[fieldPath.slice('metadata.'.length)]))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join('\n');
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP':
    case 'status.podIPs':
      return podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return hostIP;
    default:
      throw new ContainerConfigError(`unsupported fieldPath: ${fieldPath}`);
  }
}

function resourceValue(pod: Pod, spec: ContainerSpec, ref: { resource: string; containerName?: string; divisor?: string | number }, capacity: EnvSources['nodeCapacity']): string {
  const target = ref.containerName ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === ref.containerName) : spec;
  if (!target) throw new ContainerConfigError(`resourceFieldRef: no container named ${ref.containerName}`);
  const [kind, resource] = ref.resource.split('.') as [string, string | undefined];
  if ((kind !== 'limits' && kind !== 'requests') || (resource !== 'cpu' && resource !== 'memory' && resource !== 'ephemeral-storage')) {
    throw new ContainerConfigError(`unsupported resourceFieldRef resource: ${ref.resource}`);
  }
  const limit = target.resources?.limits?.[resource];
  const request = target.resources?.requests?.[resource] ?? limit;
  const fallback = resource === 'cpu' ? capacity.cpu : resource === 'memory' ? capacity.memory : '0';
  const amount = parseQuantity(kind === 'limits' ? (limit ?? fallback) : (request ?? 0));
  const divisor = parseQuantity(ref.divisor ?? 1) || 1;
  return String(Math.ceil(Math.round((amount / divisor) * 1e6) / 1e6));
}
