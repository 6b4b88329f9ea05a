import https from 'node:https';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueClientCertificate, issueServingCertificate, type KeyPair } from '@kubeledger/pki';
import { waitUntil } from '@kubeledger/bus/testing';
import { useTestApp } from '../testing/use-test-app.js';

interface Response {
  readonly status: number;
  readonly body: Record<string, unknown> & { message?: string; reason?: string; status?: Record<string, unknown> };
}

/** One HTTPS request to the test app, verifying its certificate with the test CA, optionally with a client certificate. */
function request(url: string, ca: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: unknown; client?: KeyPair }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = https.request(
      `${url}${options.path}`,
      {
        method: options.method ?? 'GET',
        ca,
        agent: false,
        headers: { accept: 'application/json', ...(payload && { 'content-type': 'application/json' }), ...options.headers },
        ...(options.client && { cert: options.client.certPem, key: options.client.keyPem }),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => {
          let body: Response['body'] = {};
          try {
            body = JSON.parse(text);
          } catch {
            body = { message: text };
          }
          resolve({ status: res.statusCode!, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const whoami = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' };

describe('authentication: client certificates, static and ServiceAccount tokens, anonymous', () => {
  const t = useTestApp('authn', { listen: 'https' });
  const call = (options: Parameters<typeof request>[2]) => request(t.url(), t.auth().ca.certPem, options);
  const userOf = async (options: Omit<Parameters<typeof request>[2], 'path'>) => {
    const res = await call({ ...options, method: 'POST', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews', body: whoami });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return (res.body.status as { userInfo: Record<string, unknown> }).userInfo;
  };

  it('takes a client certificate signed by the cluster CA: CN is the user, each O a group', async () => {
    const client = await issueClientCertificate(t.auth().ca, { user: 'alice', groups: ['dev', 'ops'] });
    expect(await userOf({ client })).toEqual({ username: 'alice', groups: ['dev', 'ops', 'system:authenticated'] });
  });

  it('answers 401 to a certificate of another CA, an expired one, or a serving certificate', async () => {
    const stranger = await issueClientCertificate(await createCertificateAuthority('someone-else'), { user: 'mallory', groups: ['system:masters'] });
    const expired = await issueClientCertificate(t.auth().ca, { user: 'alice', validDays: -1 });
    const serving = await issueServingCertificate(t.auth().ca, { hosts: ['localhost'] });
    for (const client of [stranger, expired, serving]) {
      const res = await call({ path: '/api/v1/namespaces', client });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized', code: 401 });
    }
  });

  it('makes a request without credentials system:anonymous, which RBAC lets read only public information', async () => {
    expect((await call({ path: '/version' })).status).toBe(200);
    expect((await call({ path: '/healthz' })).status).toBe(200);
    const denied = await call({ path: '/api/v1/namespaces' });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      reason: 'Forbidden',
      message: 'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope',
      details: { kind: 'namespaces' },
    });
    expect((await call({ path: '/api/v1/namespaces/default/secrets/x' })).body.message).toBe(
      'secrets "x" is forbidden: User "system:anonymous" cannot get resource "secrets" in API group "" in the namespace "default"',
    );
    expect((await call({ path: '/apis' })).body.message).toBe('forbidden: User "system:anonymous" cannot get path "/apis"');
  });

  it('answers 401, never 500, to bad, oversized or malformed bearer tokens, and 431 to headers past the limit', async () => {
    for (const token of ['not-a-token', 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln', 'x'.repeat(12_000)]) {
      const res = await call({ path: '/api/v1/namespaces', headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(res.body.reason).toBe('Unauthorized');
    }
    const huge = await call({ path: '/api/v1/namespaces', headers: { authorization: `Bearer ${'x'.repeat(100_000)}` } });
    expect(huge.status).toBe(431);
  });

  it('issues ServiceAccount tokens (TokenRequest) that authenticate until the ServiceAccount is gone', async () => {
    expect((await t.post('/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'robot' } })).statusCode).toBe(201);
    const issued = await t.post('/api/v1/namespaces/default/serviceaccounts/robot/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } });
    expect(issued.statusCode).toBe(201);
    const { status, spec } = issued.json() as { status: { token: string; expirationTimestamp: string }; spec: { audiences: string[] } };
    expect(spec.audiences).toEqual(['https://kubernetes.default.svc.cluster.local']);
    expect(Date.parse(status.expirationTimestamp) - Date.now()).toBeGreaterThan(590_000);
    const bearer = { authorization: `Bearer ${status.token}` };
    const user = await userOf({ headers: bearer });
    expect(user).toMatchObject({ username: 'system:serviceaccount:default:robot', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] });

    const review = await t.post('/apis/authentication.k8s.io/v1/tokenreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: status.token } });
    expect(review.json().status).toMatchObject({ authenticated: true, user: { username: 'system:serviceaccount:default:robot' } });

    const tampered = status.token.slice(0, -2) + (status.token.endsWith('AA') ? 'BB' : 'AA');
    expect((await call({ path: '/api/v1/namespaces', headers: { authorization: `Bearer ${tampered}` } })).status).toBe(401);
    expect((await t.post('/apis/authentication.k8s.io/v1/tokenreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: tampered } })).json().status.authenticated).toBeUndefined();

    expect((await t.del('/api/v1/namespaces/default/serviceaccounts/robot')).statusCode).toBe(200);
    await waitUntil(async () => (await call({ path: '/version', headers: bearer })).status === 401, 5_000, 'the deleted ServiceAccount token to be refused');
  });

  it('refuses ServiceAccount tokens for another audience, expired ones, and pod-bound ones once the pod is deleted', async () => {
    const sa = (await t.post('/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'bound' } })).json() as { metadata: { uid: string } };
    const token = async (spec: object) => ((await t.post('/api/v1/namespaces/default/serviceaccounts/bound/token', { spec })).json() as { status: { token: string } }).status.token;
    const refused = async (t0: string) => (await call({ path: '/version', headers: { authorization: `Bearer ${t0}` } })).status;

    expect(await refused(await token({ audiences: ['vault'] }))).toBe(401);
    const { token: expired } = await t.auth().options.serviceAccountTokens.issue(
      { namespace: 'default', serviceAccount: { name: 'bound', uid: sa.metadata.uid }, audiences: t.auth().options.serviceAccountTokens.apiAudiences, expirationSeconds: 600 },
      new Date(Date.now() - 3_600_000),
    );
    expect(await refused(expired)).toBe(401);

    const pod = (await t.post('/api/v1/namespaces/default/pods', { metadata: { name: 'holder' }, spec: { serviceAccountName: 'bound', containers: [{ name: 'c', image: 'x' }] } })).json() as { metadata: { uid: string } };
    const podToken = await token({ boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'holder', uid: pod.metadata.uid } });
    expect(await refused(podToken)).toBe(200);
    expect((await userOf({ headers: { authorization: `Bearer ${podToken}` } })).extra).toMatchObject({ 'authentication.kubernetes.io/pod-name': ['holder'], 'authentication.kubernetes.io/pod-uid': [pod.metadata.uid] });
    const mismatch = await t.post('/api/v1/namespaces/default/serviceaccounts/bound/token', { spec: { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'holder', uid: 'other' } } });
    expect(mismatch.statusCode).toBe(409);
    // A token of this ServiceAccount cannot be bound to a pod running as another one.
    await t.post('/api/v1/namespaces/default/pods', { metadata: { name: 'other-account' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    const otherAccount = await t.post('/api/v1/namespaces/default/serviceaccounts/bound/token', { spec: { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'other-account' } } });
    expect(otherAccount.statusCode).toBe(400);
    expect(otherAccount.json()).toMatchObject({ reason: 'BadRequest', message: 'cannot bind token for serviceaccount "bound" to pod running with different serviceaccount name.' });
    await t.del('/api/v1/namespaces/default/pods/holder', { gracePeriodSeconds: 0 });
    await waitUntil(async () => (await refused(podToken)) === 401, 5_000, 'the pod-bound token to be refused');
  });

  it('validates TokenRequest: at least 10 minutes, a known bound kind, an existing ServiceAccount', async () => {
    await t.post('/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'checked' } });
    const short = await t.post('/api/v1/namespaces/default/serviceaccounts/checked/token', { spec: { expirationSeconds: 60 } });
    expect(short.statusCode).toBe(422);
    expect(short.json().message).toContain('spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes');
    expect((await t.post('/api/v1/namespaces/default/serviceaccounts/checked/token', { spec: { boundObjectRef: { kind: 'ConfigMap', name: 'x' } } })).statusCode).toBe(422);
    expect((await t.post('/api/v1/namespaces/default/serviceaccounts/nobody/token', { spec: {} })).statusCode).toBe(404);
  });

  it('impersonates with Impersonate-User/-Group when RBAC allows it, and records both users on the event', async () => {
    const asBob = { 'impersonate-user': 'bob', 'impersonate-group': 'devs' };
    const res = await t.request({ method: 'POST', url: '/apis/authentication.k8s.io/v1/selfsubjectreviews', payload: whoami, headers: asBob });
    expect(res.json().status.userInfo).toEqual({ username: 'bob', groups: ['devs', 'system:authenticated'] });

    const alice = t.auth().addUser({ name: 'alice', groups: [] });
    const denied = await t.request({ url: '/api/v1/namespaces', headers: { ...alice, ...asBob } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().message).toBe('users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope');

    // test-admin creates as system:admin-bot: the log says who did it on whose behalf.
    const created = await t.request({ method: 'POST', url: '/api/v1/namespaces/default/configmaps', payload: { metadata: { name: 'audited' } }, headers: { 'impersonate-user': 'system:admin-bot', 'impersonate-group': 'system:masters' } });
    expect(created.statusCode).toBe(201);
    const [entry] = await t.storage().store.history({ group: '', resource: 'configmaps', namespace: 'default', name: 'audited' });
    expect(entry!.actor).toEqual({ user: 'system:admin-bot', impersonator: 'test-admin' });
  });

  it('applies a RoleBinding as soon as the watch brings it, and answers access reviews from the same rules', async () => {
    const carol = t.auth().addUser({ name: 'carol', groups: [] });
    await t.post('/api/v1/namespaces', { metadata: { name: 'team-a' } });
    const list = () => t.request({ url: '/api/v1/namespaces/team-a/pods', headers: carol });
    expect((await list()).statusCode).toBe(403);
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'carol-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }] };
    expect((await t.post('/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings', binding)).statusCode).toBe(201);
    await waitUntil(async () => (await list()).statusCode === 200, 5_000, 'the binding to take effect');
    expect((await t.request({ url: '/api/v1/namespaces/default/pods', headers: carol })).statusCode).toBe(403);

    const canI = async (resourceAttributes: object) =>
      (await t.request({ method: 'POST', url: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', headers: carol, payload: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } } })).json().status;
    expect(await canI({ namespace: 'team-a', verb: 'list', resource: 'pods' })).toMatchObject({ allowed: true });
    expect(await canI({ namespace: 'team-a', verb: 'create', resource: 'pods' })).toMatchObject({ allowed: false });
    expect(await canI({ namespace: 'team-a', verb: 'get', resource: 'secrets' })).toMatchObject({ allowed: false });

    const sar = await t.post('/apis/authorization.k8s.io/v1/subjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'carol', resourceAttributes: { namespace: 'team-a', verb: 'watch', resource: 'deployments', group: 'apps' } } });
    expect(sar.statusCode).toBe(201);
    expect(sar.json().status.allowed).toBe(true);
    const rules = await t.request({ method: 'POST', url: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', headers: carol, payload: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'team-a' } } });
    expect(rules.json().status.resourceRules).toContainEqual(expect.objectContaining({ verbs: expect.arrayContaining(['list']), resources: expect.arrayContaining(['pods']) }));
    const neither = await t.post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {} });
    expect(neither.statusCode).toBe(422);
  });

  it('refuses roles and bindings that grant more than their author holds (RBAC escalation prevention)', async () => {
    const dave = t.auth().addUser({ name: 'dave', groups: [] });
    await t.post('/api/v1/namespaces', { metadata: { name: 'team-x' } });
    const bind = (name: string, user: string, clusterRole: string) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }] });
    expect((await t.post('/apis/rbac.authorization.k8s.io/v1/namespaces/team-x/rolebindings', bind('dave-admin', 'dave', 'admin'))).statusCode).toBe(201);
    const asDave = (url: string, payload: object) => t.request({ method: 'POST', url, payload, headers: dave });
    await waitUntil(async () => (await t.request({ url: '/api/v1/namespaces/team-x/configmaps', headers: dave })).statusCode === 200, 5_000, 'dave to be admin of team-x');

    expect((await asDave('/apis/rbac.authorization.k8s.io/v1/namespaces/team-x/rolebindings', bind('erin-view', 'erin', 'view'))).statusCode).toBe(201);
    const escalating = await asDave('/apis/rbac.authorization.k8s.io/v1/namespaces/team-x/rolebindings', bind('erin-root', 'erin', 'cluster-admin'));
    expect(escalating.statusCode).toBe(403);
    expect(escalating.json().message).toMatch(/^rolebindings.rbac.authorization.k8s.io "erin-root" is forbidden: user "dave" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:/);
    const role = await asDave('/apis/rbac.authorization.k8s.io/v1/namespaces/team-x/roles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'everything' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] });
    expect(role.statusCode).toBe(403);
  });
});
