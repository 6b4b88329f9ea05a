import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TRACE_ID_ANNOTATION } from '@kubeledger/api';
import { REPO_ROOT } from '@kubeledger/test-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeJaeger, type FakeJaeger } from './support/fake-jaeger.js';
import { startFullStack, type FullStack } from './support/full-stack.js';
import { startOtlpReceiver, type OtlpReceiver, type RecordedSpan } from './support/otlp-receiver.js';
import { freePort } from './support/ports.js';

// One pod creation is one trace (DESIGN §7): every service of an npm-start-style stack exports its
// spans over OTLP to a receiver in this test; a real kubectl creates a pod behind a Service.

const HOOK_TIMEOUT_MS = 240_000;
const SECRET_VALUE = 's3cr3t-v4lue-91c2';
const ENV_VALUE = 'literal-env-v4lue-77e1';

interface Pod {
  metadata: { name: string; uid: string; annotations?: Record<string, string> };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}

const isReady = (pod: Pod) => pod.status.phase === 'Running' && pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

/** Every span's parent has arrived too (processes export in batches, each on its own schedule). */
function complete(spans: readonly RecordedSpan[]): boolean {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.every((s) => !s.parentSpanId || ids.has(s.parentSpanId));
}

/** The path from `span` up to the root of its trace (names `service: span`), following parent ids among `spans`. */
function ancestry(span: RecordedSpan, spans: readonly RecordedSpan[]): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const path: string[] = [];
  for (let s: RecordedSpan | undefined = span; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) path.push(`${s.service}: ${s.name}`);
  return path;
}

function kubeledger(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const { KUBELEDGER_JAEGER_URL: _unset, ...inherited } = process.env;
    execFile(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'services/cli/src/main.ts'), ...args], { cwd: REPO_ROOT, env: { ...inherited, ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// Twice: with the default instrumentation (the apiserver's own request span, undici for the
// components' calls) and with every instrumentation library on (HTTP server and client, undici, pg, Fastify).
describe.each([
  { config: 'default instrumentation', instrumentations: undefined },
  { config: 'every instrumentation (http, undici, pg, fastify)', instrumentations: 'http,undici,pg,fastify' },
])('one trace per pod creation (OTLP to an in-test receiver), $config', ({ instrumentations }) => {
  let receiver: OtlpReceiver;
  let stack: FullStack;
  let dir: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    dir = mkdtempSync(path.join(os.tmpdir(), 'kl-pod-trace-'));
    stack = await startFullStack({
      nodes: 2,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        ...(instrumentations && { OTEL_NODE_ENABLED_INSTRUMENTATIONS: instrumentations }),
      },
    });
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  const kubectl = async (...args: string[]) => {
    const r = await stack.kubectl.run(...args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };
  const getPod = async (name: string) => JSON.parse(await kubectl('get', 'pod', name, '-o', 'json')) as Pod;

  it('kubectl create of a pod behind a Service: one trace from the create request through Postgres, the relay, the scheduler, the kubelet, the status update, the EndpointSlice and the proxy', async () => {
    const port = await freePort();
    const manifest = path.join(dir, 'traced.yaml');
    const objects = [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'traced-secret' }, stringData: { token: SECRET_VALUE } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'traced' }, spec: { selector: { app: 'traced' }, ports: [{ port: 80, targetPort: port }] } },
    ];
    writeFileSync(manifest, objects.map((o) => `---\n${JSON.stringify(o)}\n`).join(''));
    await kubectl('create', '-f', manifest);
    const podFile = path.join(dir, 'pod.yaml');
    const server = `require('http').createServer((q,s)=>s.end('traced')).listen(${port})`;
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'traced', labels: { app: 'traced' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'any',
            command: [process.execPath, '-e', server],
            env: [
              { name: 'GREETING', value: ENV_VALUE },
              { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'traced-secret', key: 'token' } } },
            ],
          },
        ],
      },
    };
    writeFileSync(podFile, JSON.stringify(pod));
    // The pod's token volume needs the namespace's kube-root-ca.crt, which the controller-manager
    // publishes soon after it starts: created before it, the pod's volumes would be set up by a
    // later sync (upstream's FailedMount and retry), in a trace of its own.
    await stack.waitFor('kube-root-ca.crt in default', async () => (await stack.kubectl.run('get', 'configmap', 'kube-root-ca.crt')).code === 0);
    await kubectl('create', '-f', podFile);
    const ready = await stack.waitFor('pod traced Running and Ready', async () => {
      const p = await getPod('traced');
      return isReady(p) && p;
    });

    // The pod names its creation trace.
    const traceId = ready.metadata.annotations?.[TRACE_ID_ANNOTATION];
    expect(traceId, 'the trace-id annotation').toMatch(/^[0-9a-f]{32}$/);

    const has = (spans: readonly RecordedSpan[], service: string, name: string | RegExp) =>
      spans.some((s) => s.traceId === traceId && s.service === service && (typeof name === 'string' ? s.name === name : name.test(s.name)));
    const expected: [string, string | RegExp][] = [
      ['apiserver', 'create pods'],
      ['apiserver', 'admission'],
      ['apiserver', 'validation'],
      ['apiserver', 'eventstore.append'],
      ...(instrumentations ? [['apiserver', /^pg\.query/] as [string, RegExp]] : []),
      ['apiserver', 'publish pods'],
      ['scheduler', 'receive pods'],
      ['scheduler', 'schedule pod'],
      ['scheduler', 'filter'],
      ['scheduler', 'score'],
      ['scheduler', 'bind'],
      ['apiserver', 'create pods/binding'],
      ['kubelet', 'receive pods'],
      ['kubelet', 'sync pod'],
      ['kubelet', 'runtime start'],
      ['kubelet', 'status update'],
      ['apiserver', 'update pods/status'],
      ['controller-manager', 'sync endpointslices'],
      ['apiserver', /^(create|update) endpointslices$/],
      ['proxy', 'program routes'],
    ];
    const spans = (
      await receiver.waitFor((all) => expected.every(([service, name]) => has(all, service, name)) && complete(all.filter((s) => s.traceId === traceId)), {
        timeoutMs: 60_000,
        what: `the spans of trace ${traceId}: ${expected.map(([s, n]) => `${s}: ${String(n)}`).join(', ')}`,
      })
    ).filter((s) => s.traceId === traceId);

    // One root: the create request's server span (kubectl sent no traceparent); every other span's parent is in the trace.
    const roots = spans.filter((s) => !s.parentSpanId);
    expect(roots.map((s) => `${s.service}: ${s.name}`)).toEqual(['apiserver: create pods']);
    const ids = new Set(spans.map((s) => s.spanId));
    for (const s of spans) if (s.parentSpanId) expect(ids.has(s.parentSpanId), `the parent of ${s.service}: ${s.name}`).toBe(true);
    const root = roots[0]!;
    expect(root.attributes).toMatchObject({ 'k8s.verb': 'create', 'k8s.resource': 'pods', 'k8s.namespace': 'default' });

    // The causal chain, as parent links: create → append → publish → receive → schedule → bind → binding request;
    // binding → publish → kubelet receive → sync → runtime start / status update → status request.
    const find = (service: string, name: string) => spans.find((s) => s.service === service && s.name === name)!;
    const chain = (service: string, name: string) => ancestry(find(service, name), spans);
    const append = spans.find((s) => s.name === 'eventstore.append' && s.attributes['k8s.resource'] === 'pods' && ancestry(s, spans).at(-1) === 'apiserver: create pods' && ancestry(s, spans).length <= 5)!;
    expect(ancestry(append, spans)).toContain('apiserver: create pods');
    expect(chain('scheduler', 'schedule pod')).toEqual(expect.arrayContaining(['scheduler: receive pods', 'apiserver: publish pods', 'apiserver: eventstore.append', 'apiserver: create pods']));
    expect(chain('scheduler', 'filter').slice(0, 2)).toEqual(['scheduler: filter', 'scheduler: schedule pod']);
    expect(chain('apiserver', 'create pods/binding')).toEqual(expect.arrayContaining(['scheduler: bind', 'scheduler: schedule pod']));
    expect(chain('kubelet', 'runtime start')).toEqual(expect.arrayContaining(['kubelet: sync pod', 'kubelet: receive pods', 'apiserver: publish pods']));
    expect(chain('apiserver', 'update pods/status')).toEqual(expect.arrayContaining(['kubelet: status update', 'kubelet: sync pod']));
    expect(chain('proxy', 'program routes')).toEqual(expect.arrayContaining(['proxy: receive endpointslices', 'apiserver: publish endpointslices']));
    // Spans name the object: the pod's uid is on the scheduler's and the kubelet's work.
    expect(find('scheduler', 'schedule pod').attributes['k8s.uid']).toBe(ready.metadata.uid);
    expect(find('kubelet', 'sync pod').attributes['k8s.uid']).toBe(ready.metadata.uid);

    // Never the contents: no Secret value and no env value in any span or resource attribute of any trace.
    const everything = JSON.stringify(receiver.spans().map((s) => [s.name, s.attributes, s.resource, s.events]), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(everything).not.toContain(SECRET_VALUE);
    expect(everything).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
    expect(everything).not.toContain(ENV_VALUE);

    // `kubeledger trace` against a fake of Jaeger's query API fed from the recorded spans.
    const jaeger: FakeJaeger = await startFakeJaeger(receiver);
    try {
      const out = await kubeledger(['trace', 'pod/traced', '-n', 'default', '--jaeger-url', jaeger.url], { KUBECONFIG: stack.server.kubeconfig, COLUMNS: '220' });
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toContain(traceId);
      for (const line of ['create pods', 'schedule pod', 'sync pod', 'runtime start', 'program routes']) expect(out.stdout).toContain(line);
      for (const service of ['apiserver', 'scheduler', 'kubelet', 'controller-manager', 'proxy']) expect(out.stdout).toContain(service);
      expect(out.stdout).toContain(`${jaeger.url}/trace/${traceId}`);
    } finally {
      await jaeger.close();
    }
  }, 180_000);

  it('later writes to the pod (kubectl label, kubectl delete) start traces of their own that link to the creation trace', async () => {
    const pod = await getPod('traced');
    const creation = pod.metadata.annotations![TRACE_ID_ANNOTATION]!;
    await kubectl('label', 'pod', 'traced', 'tier=web');
    const spans = await receiver.waitFor(
      (all) => all.some((s) => s.service === 'apiserver' && s.name === 'patch pods' && s.attributes['k8s.name'] === 'traced'),
      { timeoutMs: 30_000, what: 'the span of kubectl label' },
    );
    const patch = spans.find((s) => s.service === 'apiserver' && s.name === 'patch pods' && s.attributes['k8s.name'] === 'traced')!;
    expect(patch.traceId).not.toBe(creation);
    expect(patch.parentSpanId).toBeUndefined();
    expect(patch.links.map((l) => l.traceId)).toContain(creation);
    // The creation trace did not grow with it.
    expect(receiver.trace(creation).some((s) => s.name === 'patch pods')).toBe(false);

    // Deleting it: a trace of its own too, linked to the creation, in which the kubelet terminates the pod.
    await kubectl('delete', 'pod', 'traced', '--wait=false');
    const deleted = await receiver.waitFor(
      (all) => {
        const request = all.find((s) => s.service === 'apiserver' && s.name === 'delete pods' && s.attributes['k8s.name'] === 'traced');
        return request !== undefined && all.some((s) => s.traceId === request.traceId && s.service === 'kubelet' && s.name === 'terminate pod');
      },
      { timeoutMs: 60_000, what: "kubectl delete's span and the kubelet's terminate pod in its trace" },
    );
    const request = deleted.find((s) => s.service === 'apiserver' && s.name === 'delete pods' && s.attributes['k8s.name'] === 'traced')!;
    expect(request.traceId).not.toBe(creation);
    expect(request.links.map((l) => l.traceId)).toContain(creation);
    expect(receiver.trace(creation).some((s) => s.name === 'terminate pod' || s.name === 'delete pods')).toBe(false);
  }, 120_000);
});
