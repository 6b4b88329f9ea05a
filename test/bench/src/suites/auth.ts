import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startApiserver } from '@kubeledger/test-cluster';
import { HttpClient } from '../http-client.js';
import { printTable, progress, writeResults } from '../report.js';
import { Samples, now, round, summarize, type LatencySummary } from '../stats.js';

/**
 * What authentication and RBAC cost a request (issue 4): GETs of one ConfigMap with 8 clients by
 * a system:masters user (RBAC answers at once) and by a user whose only grant is a `view`
 * RoleBinding, with 1,000 other RoleBindings in the cluster — both by static bearer token, so the
 * difference is authorization. The ratio of their p50 and p99 latencies is the figure (target < 1.2).
 */
export async function run(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { seconds: { type: 'string', default: '5' }, bindings: { type: 'string', default: '1000' }, clients: { type: 'string', default: '8' } } });
  const seconds = Number(values.seconds);
  const bindingCount = Number(values.bindings);
  const clients = Number(values.clients);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-bench-auth-'));
  const token = () => randomBytes(16).toString('hex');
  const tokens = { admin: token(), viewer: token() };
  const tokenFile = path.join(dir, 'tokens.csv');
  writeFileSync(tokenFile, `${tokens.admin},bench-admin,1,"system:masters"\n${tokens.viewer},bench-viewer,2\n`);
  progress('starting the apiserver (npm start) with a static token file');
  const server = await startApiserver({ KUBELEDGER_COMPACTION_INTERVAL: '0', KUBELEDGER_TOKEN_AUTH_FILE: tokenFile });
  // Bearer tokens only: no client certificate, which would authenticate first.
  const client = new HttpClient(server.url, Math.max(clients, 16), { ca: server.tls.ca });
  const as = (who: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[who]}` });
  const ok = async (method: string, url: string, body: unknown) => {
    const res = await client.request(method, url, body, as('admin'));
    if (res.status >= 300) throw new Error(`${method} ${url}: HTTP ${res.status} ${res.body.toString().slice(0, 200)}`);
  };
  try {
    await ok('POST', '/api/v1/namespaces', { metadata: { name: 'bench' } });
    await ok('POST', '/api/v1/namespaces/bench/configmaps', { metadata: { name: 'target' }, data: { k: 'v' } });
    progress(`creating ${bindingCount} RoleBindings for other users`);
    const namespaces = 20;
    for (let n = 0; n < namespaces; n++) await ok('POST', '/api/v1/namespaces', { metadata: { name: `tenant-${n}` } });
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < bindingCount) {
          const i = next++;
          const ns = i % 5 === 0 ? 'bench' : `tenant-${i % namespaces}`; // a fifth in the namespace the GETs read
          await ok('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, rolebinding(`other-${i}`, `user-${i}`, 'edit'));
        }
      }),
    );
    await ok('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/bench/rolebindings', rolebinding('viewer', 'bench-viewer', 'view'));
    const get = async (who: keyof typeof tokens) => (await client.request('GET', '/api/v1/namespaces/bench/configmaps/target', undefined, as(who))).status;
    for (const deadline = now() + 10_000; (await get('viewer')) !== 200; ) {
      if (now() > deadline) throw new Error('the viewer binding did not take effect in 10 s');
    }
    progress('warming up (3 s, not measured)');
    await getsFor(client, as('admin'), clients, 1.5);
    await getsFor(client, as('viewer'), clients, 1.5);

    const cells: { user: string; perSec: number; latency: LatencySummary }[] = [];
    for (const round_ of [1, 2]) {
      for (const who of ['admin', 'viewer'] as const) {
        progress(`GETs as ${who} (${clients} clients, ${seconds} s, round ${round_})`);
        cells.push({ user: who, ...(await getsFor(client, as(who), clients, seconds)) });
      }
    }
    const merged = (who: string) => cells.filter((c) => c.user === who);
    const avg = (who: string, pick: (l: LatencySummary) => number) => merged(who).reduce((a, c) => a + pick(c.latency), 0) / merged(who).length;
    const rows = cells.map((c) => ({ user: c.user === 'admin' ? 'system:masters' : `view RoleBinding (+${bindingCount} others)`, 'gets/s': c.perSec, 'p50 ms': c.latency.p50Ms, 'p99 ms': c.latency.p99Ms }));
    printTable(`GET one ConfigMap, ${clients} clients, bearer tokens`, rows);
    const ratio = { p50: round(avg('viewer', (l) => l.p50Ms) / avg('admin', (l) => l.p50Ms)), p99: round(avg('viewer', (l) => l.p99Ms) / avg('admin', (l) => l.p99Ms)) };
    printTable('RBAC user / system:masters (target < 1.2)', [{ 'p50 ratio': ratio.p50, 'p99 ratio': ratio.p99 }]);
    const file = await writeResults('auth', { seconds, clients, bindings: bindingCount, cells, ratio });
    console.log(`\nresults written to ${file}`);
  } finally {
    client.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rolebinding = (name: string, user: string, clusterRole: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
  subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
});

async function getsFor(client: HttpClient, headers: Record<string, string>, clients: number, seconds: number): Promise<{ perSec: number; latency: LatencySummary }> {
  const samples = new Samples();
  const deadline = now() + seconds * 1000;
  const started = now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (now() < deadline) {
        const res = await client.request('GET', '/api/v1/namespaces/bench/configmaps/target', undefined, headers);
        if (res.status !== 200) throw new Error(`GET: HTTP ${res.status}`);
        samples.push(res.ms);
      }
    }),
  );
  return { perSec: Math.round(samples.length / ((now() - started) / 1000)), latency: summarize(samples.values()) };
}
