import { parseArgs } from 'node:util';
import { startApiserver } from '@kubeledger/test-cluster';
import { expectOk, HttpClient } from '../http-client.js';
import { printTable, progress, writeResults } from '../report.js';
import { Samples, now, round, summarize, type LatencySummary } from '../stats.js';

const APPLY = { 'content-type': 'application/apply-patch+yaml' };

/**
 * What server-side apply costs (issue 7): a 50-container Deployment and a 1,000-key ConfigMap,
 * each written over and over by one client with one value changed per write — as a plain update
 * (PUT of the whole object) and as a server-side apply (PATCH application/apply-patch+yaml of the
 * whole configuration, fieldManager=bench) — on the real apiserver process with its own database
 * and stream. The figure is the ratio of the apply's p50 and p99 latency to the update's (target < 3).
 */
export async function run(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { seconds: { type: 'string', default: '5' }, containers: { type: 'string', default: '50' }, keys: { type: 'string', default: '1000' } } });
  const seconds = Number(values.seconds);
  const containers = Number(values.containers);
  const keys = Number(values.keys);
  progress('starting the apiserver on a fresh database and stream');
  const server = await startApiserver({ KUBELEDGER_COMPACTION_INTERVAL: '0' });
  const client = new HttpClient(server.url, 2, server.tls);
  const rows: Record<string, string | number>[] = [];
  try {
    await expectOk(client.request('POST', '/api/v1/namespaces', { metadata: { name: 'bench' } }));
    const objects = [
      { label: `Deployment, ${containers} containers`, url: '/apis/apps/v1/namespaces/bench/deployments', make: (name: string, v: number) => deployment(name, containers, v) },
      { label: `ConfigMap, ${keys} keys`, url: '/api/v1/namespaces/bench/configmaps', make: (name: string, v: number) => configMap(name, keys, v) },
    ];
    for (const { label, url, make } of objects) {
      await expectOk(client.request('POST', url, make('updated', 0)));
      let version = 0;
      const update = async () => (await expectOk(client.request('PUT', `${url}/updated`, make('updated', ++version)))).ms;
      const apply = async () => (await expectOk(client.request('PATCH', `${url}/applied?fieldManager=bench`, make('applied', ++version), APPLY))).ms;
      progress(`${label}: warming up (2 s of each, not measured)`);
      await measure(update, 1);
      await measure(apply, 1);
      progress(`${label}: updates for ${seconds} s`);
      const updates = await measure(update, seconds);
      progress(`${label}: server-side applies for ${seconds} s`);
      const applies = await measure(apply, seconds);
      rows.push({
        object: label,
        'update p50 ms': updates.p50Ms,
        'update p99 ms': updates.p99Ms,
        'apply p50 ms': applies.p50Ms,
        'apply p99 ms': applies.p99Ms,
        'p50 apply/update': round(applies.p50Ms / updates.p50Ms),
        'p99 apply/update': round(applies.p99Ms / updates.p99Ms),
      });
    }
  } finally {
    client.close();
    await server.stop();
  }
  printTable('Server-side apply vs plain update of the same object (one client, one value changed per write; target: ratio < 3)', rows);
  const file = await writeResults('apply', { seconds, containers, keys, rows });
  console.log(`\nresults written to ${file}`);
}

async function measure(write: () => Promise<number>, seconds: number): Promise<LatencySummary> {
  const samples = new Samples();
  for (const deadline = now() + seconds * 1000; now() < deadline; ) samples.push(await write());
  return summarize(samples.values());
}

function deployment(name: string, containers: number, version: number) {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: Array.from({ length: containers }, (_, i) => ({
            name: `c${i}`,
            image: `registry.example/app-${i}:${i === 0 ? version : 1}`,
            ports: [{ containerPort: 8000 + i, protocol: 'TCP' }],
            env: [{ name: 'INDEX', value: String(i) }],
            resources: { limits: { cpu: '100m', memory: '64Mi' } },
          })),
        },
      },
    },
  };
}

function configMap(name: string, keys: number, version: number) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: Object.fromEntries(Array.from({ length: keys }, (_, i) => [`key-${i}`, i === 0 ? `value-${version}` : `value-${i}`])) };
}
