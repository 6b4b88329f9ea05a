// `kubeledger trace pod/<name>` as a user runs it: a real pod in a real apiserver carrying its
// creation trace's ids, spans exported by the real OpenTelemetry SDK from one process per
// service to the in-test OTLP receiver, and the fake of Jaeger's query API serving them.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACE_ID_ANNOTATION, TRACE_SPAN_ID_ANNOTATION } from '@kubeledger/api';
import { REPO_ROOT } from '@kubeledger/test-cluster';
import { emitSpans } from './support/emit-spans-process.js';
import { startFakeJaeger, type FakeJaeger } from './support/fake-jaeger.js';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';
import { useCluster } from './support/use-cluster.js';

const NS = 'trace-e2e';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `kubeledger trace` (what `npm run kubeledger -- trace` runs). */
function kubeledgerTrace(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const { KUBECONFIG: _ignored, KUBELEDGER_JAEGER_URL: _unset, ...inherited } = process.env;
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'services/cli/src/main.ts'), 'trace', ...args],
      { cwd: REPO_ROOT, env: { ...inherited, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The waterfall's table rows as [service, operation as printed (indented)]. */
function waterfallRows(stdout: string): [string, string][] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((l) => l.startsWith('SERVICE'));
  const operationAt = lines[header]!.indexOf('OPERATION');
  return lines.slice(header + 1, lines.indexOf('', header)).map((row) => {
    const operation = /^(.*?\S)\s{2,}\d+\.\d{3}\s/.exec(row.slice(operationAt))?.[1];
    return [row.slice(0, operationAt).trim(), operation ?? row];
  });
}

describe('kubeledger trace', () => {
  const cluster = useCluster();
  let receiver: OtlpReceiver;
  let jaeger: FakeJaeger;
  let traceId: string;
  let rootSpanId: string;
  let kubeconfig: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    jaeger = await startFakeJaeger(receiver);
    // One pod creation, as DESIGN §7 traces it: the apiserver's request (store append, relay
    // publish), then the scheduler and the kubelet each continuing the trace from the event.
    const request = await emitSpans(
      'apiserver',
      {
        name: 'POST /api/v1/namespaces/{namespace}/pods',
        kind: 'server',
        attributes: { 'k8s.verb': 'create', 'k8s.resource': 'pods' },
        children: [{ name: 'append events', children: [{ name: 'pg.query INSERT', kind: 'client' }] }, { name: 'relay publish', kind: 'producer' }],
      },
      receiver.url,
    );
    [, traceId, rootSpanId] = request.split('-') as [string, string, string];
    await emitSpans('scheduler', { name: 'schedule pod', kind: 'consumer', children: [{ name: 'POST binding', kind: 'client' }] }, receiver.url, request);
    await emitSpans('kubelet', { name: 'sync pod', kind: 'consumer', children: [{ name: 'runtime start' }, { name: 'PATCH pod status', kind: 'client' }] }, receiver.url, request);
    await receiver.waitFor((spans) => spans.filter((s) => s.traceId === traceId).length === 9, { what: 'the 9 spans of the pod creation' });

    kubeconfig = cluster.server().kubeconfig;
    await cluster.kubectl.ok('create', 'namespace', NS);
    await cluster.kubectl.ok('run', 'web', '-n', NS, '--image=any', '--restart=Never', `--annotations=${TRACE_ID_ANNOTATION}=${traceId}`, `--annotations=${TRACE_SPAN_ID_ANNOTATION}=${rootSpanId}`);
  });
  afterAll(async () => {
    await jaeger?.close();
    await receiver?.close();
  });

  it('prints the pod creation as a waterfall: every service and operation in start order, nested under its parent, then the Jaeger UI link', async () => {
    const run = await kubeledgerTrace(['pod/web', '-n', NS, '--kubeconfig', kubeconfig, '--jaeger-url', jaeger.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^trace ${traceId}: 9 spans from 3 services \\(apiserver, scheduler, kubelet\\), \\d+\\.\\d{3} ms\\n`));
    expect(waterfallRows(run.stdout)).toEqual([
      ['apiserver', 'POST /api/v1/namespaces/{namespace}/pods'],
      ['apiserver', '  append events'],
      ['apiserver', '    pg.query INSERT'],
      ['apiserver', '  relay publish'],
      ['scheduler', '  schedule pod'],
      ['scheduler', '    POST binding'],
      ['kubelet', '  sync pod'],
      ['kubelet', '    runtime start'],
      ['kubelet', '    PATCH pod status'],
    ]);
    // The same order as the spans' own start times.
    expect(waterfallRows(run.stdout).map(([, op]) => op.trim())).toEqual(receiver.trace(traceId).map((s) => s.name));
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`open in Jaeger: ${jaeger.url}/trace/${traceId}`);
  });

  it('takes `pod <name>`, the Jaeger URL from KUBELEDGER_JAEGER_URL and the kubeconfig from KUBECONFIG', async () => {
    const run = await kubeledgerTrace(['pod', 'web', '-n', NS], { KUBELEDGER_JAEGER_URL: jaeger.url, KUBECONFIG: kubeconfig });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`trace ${traceId}: 9 spans`);
  });

  it('says a pod created while tracing was off has no creation trace', async () => {
    await cluster.kubectl.ok('run', 'untraced', '-n', NS, '--image=any', '--restart=Never');
    const run = await kubeledgerTrace(['pod/untraced', '-n', NS, '--kubeconfig', kubeconfig, '--jaeger-url', jaeger.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`pod ${NS}/untraced has no creation trace: it was created while tracing was off (set OTEL_EXPORTER_OTLP_ENDPOINT for the apiserver, see README)`);
  });

  it('says which pod it could not find', async () => {
    const run = await kubeledgerTrace(['pod/ghost', '-n', NS, '--kubeconfig', kubeconfig, '--jaeger-url', jaeger.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`pod ${NS}/ghost not found`);
  });

  it('says when Jaeger cannot be reached, and how to point at it', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await kubeledgerTrace(['pod/web', '-n', NS, '--kubeconfig', kubeconfig, '--jaeger-url', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`could not reach Jaeger at ${url} (is it running? set --jaeger-url or KUBELEDGER_JAEGER_URL)`);
  });

  it('says when Jaeger has not got the trace yet', async () => {
    const missing = randomBytes(16).toString('hex');
    await cluster.kubectl.ok('run', 'early', '-n', NS, '--image=any', '--restart=Never', `--annotations=${TRACE_ID_ANNOTATION}=${missing}`);
    const run = await kubeledgerTrace(['pod/early', '-n', NS, '--kubeconfig', kubeconfig, '--jaeger-url', jaeger.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Jaeger has no trace ${missing} yet (spans are exported in batches every few seconds: try again; or the collector dropped it)`);
  });

  it('refuses other kinds: only pods carry a creation trace', async () => {
    const run = await kubeledgerTrace(['deployment/web', '-n', NS, '--kubeconfig', kubeconfig]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('only pods carry a creation trace');
    expect(run.stderr).toContain('usage: kubeledger trace pod/<name>');
  });
});

describe('the in-test OTLP receiver and fake Jaeger', () => {
  let receiver: OtlpReceiver;
  let jaeger: FakeJaeger;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    jaeger = await startFakeJaeger(receiver);
  });
  afterAll(async () => {
    await jaeger?.close();
    await receiver?.close();
  });

  it('refuses OTLP protobuf with 415 and says to export http/json; accepts metrics and logs', async () => {
    const refused = await fetch(`${receiver.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([10, 0]) });
    expect(refused.status).toBe(415);
    expect(await refused.text()).toContain('OTEL_EXPORTER_OTLP_PROTOCOL=http/json');
    for (const signal of ['metrics', 'logs']) {
      const ok = await fetch(`${receiver.url}/v1/${signal}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array() });
      expect(ok.status).toBe(200);
    }
  });

  it('answers an unknown trace as Jaeger does: 404 with the error envelope', async () => {
    const response = await fetch(`${jaeger.url}/api/traces/${randomBytes(16).toString('hex')}`);
    expect(response.status).toBe(404);
    expect(JSON.parse(await response.text())).toEqual({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] });
  });

  it('lists what it received when a wait times out', async () => {
    await fetch(`${receiver.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array() });
    await expect(receiver.waitFor((spans) => spans.length > 0, { timeoutMs: 200, what: 'any span' })).rejects.toThrow(/waiting for any span; 0 span\(s\) received\n {2}refused: 415 for application\/x-protobuf/);
  });
});
