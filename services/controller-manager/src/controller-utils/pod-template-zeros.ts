import { deepCopy } from '@kubeledger/api';
import type { PodTemplate } from './pod-template.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const objectsIn = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Deletes the listed members of `o` that are `false` or `0`. */
function dropZeros(o: unknown, fields: readonly string[]): void {
  if (!isObject(o)) return;
  for (const f of fields) if (o[f] === false || o[f] === 0) delete o[f];
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const PROBE_COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;
/** The volume sources' value fields (`readOnly` of csi and azureDisk, `lun` of fc are pointers: not here). */
const VOLUME_VALUE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  awsElasticBlockStore: ['partition', 'readOnly'],
  azureFile: ['readOnly'],
  cephfs: ['readOnly'],
  cinder: ['readOnly'],
  fc: ['readOnly'],
  flexVolume: ['readOnly'],
  gcePersistentDisk: ['partition', 'readOnly'],
  glusterfs: ['readOnly'],
  iscsi: ['chapAuthDiscovery', 'chapAuthSession', 'lun', 'readOnly'],
  nfs: ['readOnly'],
  persistentVolumeClaim: ['readOnly'],
  portworxVolume: ['readOnly'],
  quobyte: ['readOnly'],
  rbd: ['readOnly'],
  scaleIO: ['readOnly', 'sslEnabled'],
  storageos: ['readOnly'],
};

/**
 * A copy of a pod template without the `false`/`0` of the fields that are Go values, not
 * pointers, in upstream's core/v1 types (every such bool and integer a template reaches; the
 * value integers that cannot be 0 — containerPort, weights, maxSkew — are left alone). Upstream
 * compares templates as typed structs, where such a zero and an absent field are the same; here
 * they differ in the JSON: this apiserver keeps the zeros a protobuf body carries (Go writes every
 * value field to protobuf, and the decoder cannot tell them from a pointer's explicit `false`),
 * while JSON clients leave them out — so a Deployment created by kubectl (protobuf) has
 * `stdin: false` and the template `kubectl rollout undo` patches in (JSON) has not. Pointer
 * fields (automountServiceAccountToken, runAsUser, …) keep their zeros: those mean something.
 */
export function withoutValueZeros(template: PodTemplate): PodTemplate {
  const copy = deepCopy(template) as Json;
  const spec = copy['spec'];
  if (!isObject(spec)) return copy;
  dropZeros(spec, ['hostNetwork', 'hostPID', 'hostIPC']);
  for (const list of CONTAINER_LISTS) {
    for (const container of objectsIn(spec[list])) {
      dropZeros(container, ['stdin', 'stdinOnce', 'tty']);
      for (const port of objectsIn(container['ports'])) dropZeros(port, ['hostPort']);
      for (const mount of objectsIn(container['volumeMounts'])) dropZeros(mount, ['readOnly']);
      for (const probe of PROBES) dropZeros(container[probe], PROBE_COUNTS);
      const lifecycle = container['lifecycle'];
      if (isObject(lifecycle)) for (const hook of ['postStart', 'preStop']) dropZeros(isObject(lifecycle[hook]) ? lifecycle[hook]['sleep'] : undefined, ['seconds']);
    }
  }
  for (const volume of objectsIn(spec['volumes'])) {
    for (const [source, fields] of Object.entries(VOLUME_VALUE_FIELDS)) dropZeros(volume[source], fields);
  }
  return copy;
}
