import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { ROOT_CA_CONFIGMAP } from './rootcacertpublisher.event-handlers.js';

/** The annotation upstream's publisher sets, and its text. */
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

export interface ReconcileNamespaceDeps {
  /** The cluster CA bundle (PEM). */
  readonly rootCa: string;
  readonly getConfigMap: (namespace: string, name: string) => KubeObject | undefined;
  readonly createConfigMap: (namespace: string, configMap: KubeObject) => Promise<unknown>;
  /** A full update, conditional on the resourceVersion the object carries. */
  readonly updateConfigMap: (namespace: string, configMap: KubeObject) => Promise<unknown>;
  readonly isNotFound: (err: unknown) => boolean;
  readonly isNamespaceTerminating: (err: unknown) => boolean;
}

/**
 * Upstream's root CA publisher `syncNamespace`: the namespace's `kube-root-ca.crt` is created with
 * `data: {ca.crt: <bundle>}` and the description annotation when the cache has none (a namespace
 * gone or terminating is not an error), and updated back when its data differ or the annotation
 * is missing (other annotations and labels kept). A failed write — a 409 too — is thrown and
 * retried with backoff, as upstream's queue does.
 */
export async function reconcileNamespace(namespace: string, deps: ReconcileNamespaceDeps): Promise<StepResult> {
  const data = { 'ca.crt': deps.rootCa };
  const cm = deps.getConfigMap(namespace, ROOT_CA_CONFIGMAP);
  if (!cm) {
    try {
      const fresh = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data };
      await deps.createConfigMap(namespace, fresh);
    } catch (err) {
      if (!deps.isNotFound(err) && !deps.isNamespaceTerminating(err)) throw err;
    }
    return 'continue';
  }
  const annotations = (cm.metadata?.annotations ?? {}) as Record<string, string>;
  if (isDeepStrictEqual(cm['data'] ?? {}, data) && annotations[DESCRIPTION_ANNOTATION]) return 'continue';
  await deps.updateConfigMap(namespace, { ...cm, metadata: { ...cm.metadata, annotations: { ...annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data });
  return 'continue';
}
