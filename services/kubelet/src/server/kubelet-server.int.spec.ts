import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueClientCertificate, type KeyPair } from '@kubeledger/pki';
import { currentContainerStatus } from '../logs/current-container-status.js';
import { ContainerHistories } from '../pods/container-history.js';
import type { Pod } from '../pods/pod.js';
import { ProcessRuntime } from '../runtime/process-runtime.js';
import { kubeletAuthenticator } from './authenticate-request.js';
import type { KubeletRequestAttributes } from './authorize-request.js';
import { startKubeletServer, type KubeletServer } from './kubelet-server.js';
import { kubeletServingCertificate } from './serving-certificate.js';

const NODE = process.execPath;
const stateDir = mkdtempSync(path.join(os.tmpdir(), 'kl-kubelet-server-'));
const trigger = path.join(stateDir, 'say-more');
const runtime = new ProcessRuntime({ stateDir, shutdownGraceMs: 200 });
const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'uid-web' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'node:20' }] } };
/** Prints two lines, then one more each time `trigger` appears. */
const program = `console.log('hello'); console.error('oops'); const fs = require('fs'); setInterval(() => { if (fs.existsSync(${JSON.stringify(trigger)})) { fs.unlinkSync(${JSON.stringify(trigger)}); console.log('more'); } }, 20);`;

interface Answer {
  readonly code: number;
  readonly body: string;
}

describe('the kubelet HTTPS server (real TLS, real client certificates, a real container process)', () => {
  let ca: KeyPair;
  let apiserverClient: KeyPair;
  let alice: KeyPair;
  let stranger: KeyPair;
  let serving: { cert: string; key: string };
  let server: KubeletServer;
  const asked: { user: string; attributes: KubeletRequestAttributes }[] = [];

  beforeAll(async () => {
    ca = await createCertificateAuthority('kubelet-server-test-ca');
    apiserverClient = await issueClientCertificate(ca, { user: 'kube-apiserver-kubelet-client' });
    alice = await issueClientCertificate(ca, { user: 'alice', groups: ['team'] });
    stranger = await issueClientCertificate(await createCertificateAuthority('another-ca'), { user: 'kube-apiserver-kubelet-client' });
    serving = await kubeletServingCertificate({}, 'node-1', '127.0.0.1');
    await runtime.start({ uid: 'uid-web', namespace: 'default', name: 'web', ip: '127.128.1.2' }, { name: 'c', image: 'node:20', init: false, command: [NODE, '-e', program] });
    const history = new ContainerHistories();
    server = await startKubeletServer({
      host: '127.0.0.1',
      port: 0,
      tls: serving,
      clientCa: ca.certPem,
      nodeName: 'node-1',
      // A bearer token stands for whoever the apiserver's TokenReview says; here one token is known.
      authenticate: kubeletAuthenticator(async (token) => (token === 'good-token' ? { name: 'kube-apiserver-kubelet-client', groups: [] } : undefined)),
      // The SubjectAccessReview the kubelet asks the apiserver, answered as the bootstrap policy would.
      authorize: async (user, attributes) => {
        asked.push({ user: user.name, attributes });
        return { allowed: user.name === 'kube-apiserver-kubelet-client' };
      },
      logs: {
        pod: (namespace, name) => (namespace === 'default' && name === 'web' ? pod : undefined),
        containerStatus: (p, name) => currentContainerStatus(p, name, { runtime, history, hostIP: '127.0.0.1', now: () => new Date() }),
        containerLog: (uid, name, restartCount) => runtime.containerLog(uid, name, restartCount),
        now: () => new Date(),
      },
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await server?.close();
    await runtime.shutdown();
    rmSync(stateDir, { recursive: true, force: true });
  });

  /** A GET to the kubelet, its serving certificate verified (self-signed, for the node's name and address). */
  const open = (url: string, client?: KeyPair, headers: Record<string, string> = {}) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      request(`https://127.0.0.1:${server.port}${url}`, { ca: serving.cert, headers, ...(client && { cert: client.certPem, key: client.keyPem }) }, resolve).on('error', reject).end();
    });
  const get = async (url: string, client?: KeyPair, headers?: Record<string, string>): Promise<Answer> => {
    const response = await open(url, client, headers);
    let body = '';
    for await (const chunk of response) body += String(chunk);
    return { code: response.statusCode!, body };
  };
  const until = async (check: () => Promise<boolean>, what: string) => {
    for (const deadline = Date.now() + 20_000; !(await check()); ) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it("serves a container's log to the apiserver's client certificate: stdout and stderr as written, tail and timestamps as asked", async () => {
    await until(async () => (await get('/containerLogs/default/web/c', apiserverClient)).body === 'hello\noops\n', 'both lines in the log');
    const answer = await get('/containerLogs/default/web/c?tailLines=1&timestamps=true', apiserverClient);
    expect(answer).toEqual({ code: 200, body: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z oops\n$/) });
    expect((await get('/containerLogs/default/web/c?limitBytes=3', apiserverClient)).body).toBe('hel');
    expect(asked.at(-1)).toEqual({ user: 'kube-apiserver-kubelet-client', attributes: { verb: 'get', resource: 'nodes', subresource: 'proxy', name: 'node-1', path: '/containerLogs/default/web/c' } });
  });

  it('follows the log: a line written after the request started arrives on the open stream', async () => {
    const response = await open('/containerLogs/default/web/c?follow=true&tailLines=0', apiserverClient);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    let body = '';
    response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    writeFileSync(trigger, '');
    await until(async () => body === 'more\n', 'the new line on the stream');
    response.destroy(); // the client goes away; the server lets go of the stream
    await until(async () => !existsSync(trigger), 'the trigger consumed');
  });

  it('denies a certificate of the cluster CA whose user is not allowed (403, as upstream words it), and the SubjectAccessReview saw its groups', async () => {
    expect(await get('/containerLogs/default/web/c', alice)).toEqual({ code: 403, body: 'Forbidden (user=alice, verb=get, resource=nodes, subresource=proxy)' });
    expect(asked.at(-1)?.user).toBe('alice');
  });

  it('does not authenticate a certificate of another CA, no credentials or an unknown token (401); a token the review knows is fine', async () => {
    expect(await get('/containerLogs/default/web/c', stranger)).toEqual({ code: 401, body: 'Unauthorized' });
    expect(await get('/containerLogs/default/web/c')).toEqual({ code: 401, body: 'Unauthorized' });
    expect(await get('/containerLogs/default/web/c', undefined, { authorization: 'Bearer bad-token' })).toEqual({ code: 401, body: 'Unauthorized' });
    expect((await get('/containerLogs/default/web/c?tailLines=1', undefined, { authorization: 'Bearer good-token' })).code).toBe(200);
  });

  it('answers as upstream for what has no log: no such pod or container (404), no previous run (400), bad options (400, 422), other paths (404)', async () => {
    expect(await get('/containerLogs/default/nope/c', apiserverClient)).toEqual({ code: 404, body: 'pod "nope" does not exist' });
    expect(await get('/containerLogs/default/web/other', apiserverClient)).toEqual({ code: 404, body: 'container "other" not found in pod "web"' });
    expect(await get('/containerLogs/default/web/c?previous=true', apiserverClient)).toEqual({ code: 400, body: 'previous terminated container "c" in pod "web" not found' });
    expect(await get('/containerLogs/default/web/c?tailLines=x', apiserverClient)).toEqual({ code: 400, body: '{"message": "Unable to decode query."}' });
    expect(await get('/containerLogs/default/web/c?tailLines=-1', apiserverClient)).toEqual({ code: 422, body: '{"message": "Invalid request."}' });
    expect((await get('/pods', apiserverClient)).code).toBe(404);
  });
});
