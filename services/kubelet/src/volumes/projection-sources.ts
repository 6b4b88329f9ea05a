import type { KubeObject } from '@kubeledger/api';
import { SERVICEACCOUNTS, type KubeClient } from '@kubeledger/client';
import type { EnvSources } from '../pods/container-env.js';
import { VolumeSetUpError, type ProjectionSources } from './projected-volume-files.js';

/**
 * Projected volumes' contents through the kubelet's own client: ConfigMaps and Secrets as the
 * containers' env reads them, tokens by a TokenRequest for the pod's ServiceAccount bound to the
 * pod, with their expiry (the Node authorizer allows both for pods bound to this node).
 */
export function projectionSources(client: Pick<KubeClient, 'createSubresource'>, env: Pick<EnvSources, 'configMap' | 'secret'>): ProjectionSources {
  return {
    async token(pod, expirationSeconds, audience) {
      const namespace = pod.metadata?.namespace ?? '';
      const serviceAccount = pod.spec?.serviceAccountName || 'default';
      const request = {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { ...(audience && { audiences: [audience] }), expirationSeconds, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, uid: pod.metadata?.uid } },
      };
      try {
        const answer = await client.createSubresource<KubeObject & { spec?: { expirationSeconds?: number }; status?: { token?: string; expirationTimestamp?: string } }>(
          SERVICEACCOUNTS,
          namespace,
          serviceAccount,
          'token',
          request,
        );
        if (!answer.status?.token) throw new Error('the TokenRequest answer has no token');
        const expiresAt = new Date(answer.status.expirationTimestamp ?? '');
        if (Number.isNaN(expiresAt.getTime())) throw new Error('the TokenRequest answer has no expirationTimestamp');
        // The lifetime the server gave (it may cap or extend the one asked for).
        return { token: answer.status.token, expiresAt, expirationSeconds: answer.spec?.expirationSeconds ?? expirationSeconds };
      } catch (err) {
        throw new VolumeSetUpError(`failed to fetch token: ${(err as Error).message}`);
      }
    },
    configMap: (namespace, name) => env.configMap(namespace, name),
    secret: (namespace, name) => env.secret(namespace, name),
  };
}
