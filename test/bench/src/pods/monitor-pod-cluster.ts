import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import type { Cleanup } from '../cleanup.js';
import { ResourceMonitor } from '../resource-monitor.js';
import type { PodCluster } from './start-pod-cluster.js';

/** CPU and RSS of every process of the run, the Postgres backends serving its database, and the machine's NATS server. */
export async function monitorPodCluster(cluster: PodCluster, cleanup: Cleanup): Promise<ResourceMonitor> {
  const monitor = new ResourceMonitor(500);
  monitor.add({ name: 'apiserver', pids: () => [cluster.server.pid] });
  monitor.add({ name: 'scheduler', pids: () => [cluster.scheduler.pid] });
  if (cluster.controllerManager) monitor.add({ name: 'controller-manager', pids: () => [cluster.controllerManager!.pid] });
  cluster.runners.forEach((runner, i) => monitor.add({ name: `kubelets ${i + 1}`, pids: () => [runner.pid] }));
  monitor.add({ name: 'bench (creates + watch)', pids: () => [process.pid] });
  const db = new pg.Client({ connectionString: cluster.server.databaseUrl });
  db.on('error', () => undefined); // the database is dropped at the end
  await db.connect();
  cleanup.defer('monitor', async () => {
    monitor.stop();
    await db.end();
  });
  monitor.add({
    name: 'postgres (this database)',
    rss: false,
    pids: async () => (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid),
  });
  const nats = natsServerPid(cluster.server.bus.servers);
  if (nats !== undefined) monitor.add({ name: 'nats-server (shared)', pids: () => [nats] });
  monitor.start();
  return monitor;
}

/** The nats-server process listening on the port of `servers` (by its command line), if there is one. */
function natsServerPid(servers: string): number | undefined {
  const port = /:(\d+)/.exec(servers.split(',')[0]!.replace(/^nats:\/\//, ''))?.[1] ?? '4222';
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!args[0]?.endsWith('nats-server')) continue;
      const i = args.findIndex((a) => a === '-p' || a === '--port');
      if ((i >= 0 ? args[i + 1] : '4222') === port) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

