import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../testing/use-test-app.js';

const SAS = '/api/v1/namespaces/default/serviceaccounts';
const ONE_YEAR = 365 * 24 * 60 * 60;

interface Answer {
  readonly spec: { readonly expirationSeconds: number };
  readonly status: { readonly token: string; readonly expirationTimestamp: string };
}

/** Seconds from now to an RFC 3339 time. */
const secondsUntil = (timestamp: string) => (Date.parse(timestamp) - Date.now()) / 1000;

describe('TokenRequest expirations: capped at the max, projected tokens extended', () => {
  const t = useTestApp('token-expiration', { env: { KUBELEDGER_SERVICE_ACCOUNT_MAX_TOKEN_EXPIRATION: '7200' } });

  it('shortens an expirationSeconds over --service-account-max-token-expiration to it, with a warning', async () => {
    expect((await t.post(SAS, { metadata: { name: 'capped' } })).statusCode).toBe(201);
    const res = await t.post(`${SAS}/capped/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 86_400 } });
    expect(res.statusCode).toBe(201);
    expect(res.headers['warning']).toEqual(['299 - "requested expiration of 86400 seconds shortened to 7200 seconds"']);
    const { spec, status } = res.json() as Answer;
    expect(spec.expirationSeconds).toBe(7200);
    expect(secondsUntil(status.expirationTimestamp)).toBeGreaterThan(7190);
    expect(secondsUntil(status.expirationTimestamp)).toBeLessThanOrEqual(7200);
    const claims = decodeJwt(status.token);
    expect(claims.exp! - claims.iat!).toBe(7200);
    expect((claims['kubernetes.io'] as Record<string, unknown>)['warnafter']).toBeUndefined();
  });

  it('gives a pod-bound token asked for 3607 s a year of life and a warnafter, reporting 3607 s, and accepts it', async () => {
    expect((await t.post(SAS, { metadata: { name: 'projected' } })).statusCode).toBe(201);
    const pod = (await t.post('/api/v1/namespaces/default/pods', { metadata: { name: 'mounter' }, spec: { serviceAccountName: 'projected', containers: [{ name: 'c', image: 'x' }] } })).json() as { metadata: { uid: string } };
    const boundObjectRef = { kind: 'Pod', apiVersion: 'v1', name: 'mounter', uid: pod.metadata.uid };
    const res = await t.post(`${SAS}/projected/token`, { spec: { expirationSeconds: 3607, boundObjectRef } });
    expect(res.statusCode).toBe(201);
    expect(res.headers['warning']).toBeUndefined();
    const { spec, status } = res.json() as Answer;
    expect(spec.expirationSeconds).toBe(3607);
    expect(secondsUntil(status.expirationTimestamp)).toBeGreaterThan(3597);
    expect(secondsUntil(status.expirationTimestamp)).toBeLessThanOrEqual(3607);
    const claims = decodeJwt(status.token);
    expect(claims.exp! - claims.iat!).toBe(ONE_YEAR);
    expect((claims['kubernetes.io'] as { warnafter?: number }).warnafter).toBe(claims.iat! + 3607);

    const review = await t.request({ method: 'POST', url: '/apis/authentication.k8s.io/v1/selfsubjectreviews', payload: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, headers: { authorization: `Bearer ${status.token}` } });
    expect(review.statusCode).toBe(201);
    expect(review.json().status.userInfo).toMatchObject({ username: 'system:serviceaccount:default:projected', extra: { 'authentication.kubernetes.io/pod-name': ['mounter'] } });

    // Not bound to a pod, or for another audience: the 3607 s asked.
    for (const other of [{ expirationSeconds: 3607 }, { expirationSeconds: 3607, boundObjectRef, audiences: ['vault'] }]) {
      const plain = decodeJwt(((await t.post(`${SAS}/projected/token`, { spec: other })).json() as Answer).status.token);
      expect(plain.exp! - plain.iat!).toBe(3607);
      expect((plain['kubernetes.io'] as { warnafter?: number }).warnafter).toBeUndefined();
    }
  });
});
