import type { Status } from '@kubeledger/api';
import { ApiError, type KubeClient } from '@kubeledger/client';

/**
 * GET `path` from the apiserver and read the answer as JSON: a non-2xx answer rejects with an
 * {@link ApiError} carrying the server's Status (or one made from the code when the body is none),
 * no answer at all with the client's TransportError.
 */
export async function getJson<T>(client: KubeClient, path: string): Promise<T> {
  const res = await client.request('GET', path);
  if (res.status < 200 || res.status > 299) throw new ApiError(res.status, statusOf(res.status, res.body), `GET ${path}`);
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new Error(`GET ${path}: the apiserver's ${res.status} answer is not JSON: ${res.body.slice(0, 200)}`);
  }
}

function statusOf(code: number, body: string): Status {
  try {
    const parsed = JSON.parse(body) as Partial<Status> | null;
    if (parsed?.kind === 'Status') return { ...(parsed as Status), code };
  } catch {
    // not JSON: a Status from the code
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: body.trim().slice(0, 200) || `the server answered ${code}`, code };
}
