import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueServingCertificate } from '@kubeledger/pki';
import { useTestApp } from '../testing/use-test-app.js';

const PODS = '/api/v1/namespaces/default/pods';

/** What a stand-in kubelet was asked: the path and query, and who asked (the client certificate's CN). */
interface Asked {
  readonly url: string;
  readonly user: string | undefined;
}

/**
 * A stand-in for a kubelet's HTTPS server (the real one is services/kubelet's, tested there and
 * end to end): it asks for client certificates and answers `/containerLogs/default/<pod>/<c>` by
 * the pod's name — a log, upstream's errors, or a followed stream the test writes to.
 */
async function standInKubelet(tls: { cert: string; key: string }) {
  const asked: Asked[] = [];
  const follow: { response?: ServerResponse; closed?: Promise<void> } = {};
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const cert = (req.socket as TLSSocket).getPeerCertificate();
    asked.push({ url: `${url.pathname}${url.search}`, user: cert?.subject?.CN as string | undefined });
    const text = (code: number, body: string) => res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
    switch (url.pathname.split('/')[3]) {
      case 'web':
        return text(200, 'line 1\nline 2\n');
      case 'waiting':
        return text(400, 'container "c" in pod "waiting" is waiting to start: ContainerCreating');
      case 'denied':
        return text(403, 'Forbidden (user=kube-apiserver-kubelet-client, verb=get, resource=nodes, subresource=proxy)');
      case 'broken':
        return text(500, 'boom');
      case 'follow':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'transfer-encoding': 'chunked' });
        res.write('first\n');
        follow.response = res;
        follow.closed = new Promise((resolve) => res.once('close', () => resolve()));
        return;
      default:
        return text(404, 'pod does not exist');
    }
  };
  const server: Server = createServer({ ...tls, requestCert: true, rejectUnauthorized: false }, answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    asked,
    follow,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('pods/log: the apiserver proxies the log from the pod’s kubelet', () => {
  const t = useTestApp('pod-log', { listen: 'https', kubeletClient: true });
  let kubelet: Awaited<ReturnType<typeof standInKubelet>>;
  let selfSigned: Awaited<ReturnType<typeof standInKubelet>>;

  const node = async (name: string, port: number, addresses = [{ type: 'Hostname', address: name }, { type: 'InternalIP', address: '127.0.0.1' }]) => {
    expect((await t.post('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name } })).statusCode).toBe(201);
    const patched = await t.merge(`/api/v1/nodes/${name}/status`, { status: { addresses, daemonEndpoints: { kubeletEndpoint: { Port: port } } } });
    expect(patched.statusCode).toBe(200);
  };
  const pod = async (name: string, spec: Record<string, unknown>) => expect((await t.post(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec })).statusCode).toBe(201);
  const log = (name: string, query = '') => t.request({ url: `${PODS}/${name}/log${query}` });

  beforeAll(async () => {
    const ca = t.auth().ca;
    kubelet = await standInKubelet(await issueServingCertificate(ca, { hosts: ['127.0.0.1'], commonName: 'node-1' }).then((k) => ({ cert: k.certPem, key: k.keyPem })));
    selfSigned = await standInKubelet(await issueServingCertificate(undefined, { hosts: ['127.0.0.1'], commonName: 'node-2' }).then((k) => ({ cert: k.certPem, key: k.keyPem })));
    await node('node-1', kubelet.port);
    await node('node-2', selfSigned.port);
    await node('no-address', kubelet.port, []);
    const c = [{ name: 'c', image: 'img' }];
    for (const name of ['web', 'waiting', 'denied', 'broken', 'follow']) await pod(name, { nodeName: 'node-1', containers: c });
    await pod('unverified', { nodeName: 'node-2', containers: c });
    await pod('ghost-node', { nodeName: 'ghost', containers: c });
    await pod('nowhere', { nodeName: 'no-address', containers: c });
    await pod('pending', { containers: c });
    await pod('two', { nodeName: 'node-1', initContainers: [{ name: 'setup', image: 'img' }], containers: [{ name: 'a', image: 'img' }, { name: 'b', image: 'img' }] });
  });
  afterAll(async () => {
    await kubelet?.close();
    await selfSigned?.close();
  });

  it('streams the kubelet’s answer as text/plain, asking it with the apiserver’s kubelet-client certificate for the container and options given', async () => {
    const res = await log('web', '?tailLines=1&timestamps=true&sinceSeconds=60&limitBytes=100&container=c');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.body).toBe('line 1\nline 2\n');
    expect(kubelet.asked.at(-1)).toEqual({ url: '/containerLogs/default/web/c?limitBytes=100&sinceSeconds=60&tailLines=1&timestamps=true', user: 'kube-apiserver-kubelet-client' });
    // The only container is the default one.
    expect((await log('web')).body).toBe('line 1\nline 2\n');
    expect(kubelet.asked.at(-1)?.url).toBe('/containerLogs/default/web/c');
  });

  it('keeps a followed stream open, passing each chunk on, and closes the kubelet request when the client goes', async () => {
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      request(`${t.url()}${PODS}/follow/log?follow=true`, { ca: t.auth().https.ca, headers: t.auth().adminHeaders }, resolve).on('error', reject).end(),
    );
    expect(response.statusCode).toBe(200);
    let body = '';
    const until = async (text: string) => {
      for (const deadline = Date.now() + 20_000; body !== text; ) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}, got ${JSON.stringify(body)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    await until('first\n');
    kubelet.follow.response!.write('second\n');
    await until('first\nsecond\n');
    expect(kubelet.asked.at(-1)?.url).toBe('/containerLogs/default/follow/c?follow=true');
    response.destroy();
    await kubelet.follow.closed; // the apiserver let go of the kubelet's stream
  });

  it('has no log for a pod on no node yet (204, as upstream)', async () => {
    const res = await log('pending');
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('names the pod, or the container to choose, as upstream does (404, 400)', async () => {
    expect((await log('nope')).json()).toMatchObject({ code: 404, reason: 'NotFound', message: 'pods "nope" not found', details: { name: 'nope', kind: 'pods' } });
    expect((await log('web', '?container=other')).json()).toMatchObject({ code: 400, reason: 'BadRequest', message: 'container other is not valid for pod web' });
    expect((await log('two')).json()).toMatchObject({ code: 400, reason: 'BadRequest', message: 'a container name must be specified for pod two, choose one of: [setup a b]' });
    await log('two', '?container=setup'); // an init container is one to choose too
    expect(kubelet.asked.at(-1)?.url).toBe('/containerLogs/default/two/setup');
    expect((await log('pending', '?container=other')).json()).toMatchObject({ code: 400, message: 'container other is not valid for pod pending' });
  });

  it('refuses bad options: 400 when they do not decode, 422 when invalid', async () => {
    expect((await log('web', '?tailLines=ten')).json()).toMatchObject({ code: 400, reason: 'BadRequest', message: 'strconv.ParseInt: parsing "ten": invalid syntax' });
    expect((await log('web', '?tailLines=-1')).json()).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
      details: { kind: 'PodLogOptions', causes: [{ reason: 'FieldValueInvalid', field: 'tailLines' }] },
    });
    expect((await log('web', '?limitBytes=0')).json()).toMatchObject({ code: 422, message: 'PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0' });
    expect((await log('web', '?sinceSeconds=5&sinceTime=2026-11-24T01:00:00Z')).json()).toMatchObject({
      code: 422,
      message: 'PodLogOptions "web" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    });
  });

  it('passes the kubelet’s refusals on as upstream’s response checker makes them', async () => {
    expect((await log('waiting')).json()).toMatchObject({ code: 400, reason: 'BadRequest', message: 'container "c" in pod "waiting" is waiting to start: ContainerCreating' });
    expect((await log('denied')).json()).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'Forbidden (user=kube-apiserver-kubelet-client, verb=get, resource=nodes, subresource=proxy) ( pods/log denied)',
      details: { name: 'denied', kind: 'pods/log' },
    });
    expect((await log('broken')).json()).toMatchObject({ code: 500, reason: 'InternalError', message: 'Internal error occurred: boom' });
  });

  it('fails as upstream when the kubelet cannot be reached or trusted: no Node (404), no address, a closed port, an unknown CA (500)', async () => {
    expect((await log('ghost-node')).json()).toMatchObject({ code: 404, reason: 'NotFound', message: 'nodes "ghost" not found' });
    const nowhere = (await log('nowhere')).json();
    expect(nowhere).toMatchObject({ code: 500, message: 'no preferred addresses found; known addresses: []' });
    expect(nowhere.reason).toBeUndefined();
    const unverified = (await log('unverified')).json();
    expect(unverified).toMatchObject({ code: 500, message: `Get "https://127.0.0.1:${selfSigned.port}/containerLogs/default/unverified/c": tls: failed to verify certificate: x509: certificate signed by unknown authority` });
    // insecureSkipTLSVerifyBackend: the client asks not to verify this one.
    expect((await log('unverified', '?insecureSkipTLSVerifyBackend=true')).statusCode).toBe(404); // the stand-in knows no pod "unverified": it answered
    await t.merge('/api/v1/nodes/node-2/status', { status: { daemonEndpoints: { kubeletEndpoint: { Port: 1 } } } });
    expect((await log('unverified')).json()).toMatchObject({ code: 500, message: `Get "https://127.0.0.1:1/containerLogs/default/unverified/c": dial tcp 127.0.0.1:1: connect: connection refused` });
  });

  it('is authorized as get pods/log, and listed in discovery with that one verb', async () => {
    const bob = t.auth().addUser({ name: 'bob', groups: ['system:authenticated'] });
    expect((await t.request({ url: `${PODS}/web/log`, headers: bob })).json()).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'pods "web" is forbidden: User "bob" cannot get resource "pods/log" in API group "" in the namespace "default"',
    });
    expect((await t.request({ method: 'DELETE', url: `${PODS}/web/log` })).json()).toMatchObject({ code: 405, reason: 'MethodNotAllowed' });
    const resources = (await t.request({ url: '/api/v1' })).json().resources as { name: string; kind: string; verbs: string[] }[];
    expect(resources.find((r) => r.name === 'pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
  });
});
