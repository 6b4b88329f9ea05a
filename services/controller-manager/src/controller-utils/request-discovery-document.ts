import type { Status } from '@kubeledger/api';
import { ApiError, type KubeClient } from '@kubeledger/client';
import type { GetDiscoveryDocument } from './discover-resources.js';

/** {@link GetDiscoveryDocument} over the client: a 2xx answer parsed, any other thrown as the ApiError of its Status. */
export function requestDiscoveryDocument(client: Pick<KubeClient, 'request'>): GetDiscoveryDocument {
  return async (path) => {
    const res = await client.request('GET', path);
    if (res.status >= 200 && res.status <= 299) return res.body ? (JSON.parse(res.body) as unknown) : {};
    let status: Status;
    try {
      status = JSON.parse(res.body) as Status;
    } catch {
      // Not a Status (a proxy's page): the code and the text are all there is.
      status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: res.body.slice(0, 200), code: res.status };
    }
    throw new ApiError(res.status, status, `GET ${path}`);
  };
}
