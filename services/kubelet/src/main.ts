import { shutdownTracing } from '@kubeledger/telemetry';
import path from 'node:path';
import { loadConfig, type Config } from './config.js';
import { startKubelet } from './kubelet.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error(`[kubelet] ${(err as Error).message}`);
  process.exit(2);
}
const log = (message: string) => console.log(`[kubelet ${config.nodeName}] ${message}`);

try {
  if (config.runtime === 'process') {
    log(
      `runtime process: containers run as host processes with the kubelet's own privileges (uid ${process.getuid?.() ?? '?'}), without isolation; ` +
        `images are not pulled; state, logs and pid files in ${path.resolve(config.stateDir)}; the processes stop when the kubelet stops`,
    );
  }
  const kubelet = await startKubelet(config, log);
  log(`ready (runtime ${config.runtime}, pod CIDR ${kubelet.podCidr}, ${kubelet.pods.syncedPods} pods so far, address ${config.nodeAddress})`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    kubelet.stop().then(shutdownTracing).then(
      () => {
        const stats = kubelet.pods.informerStats;
        log(`stopped (${kubelet.pods.syncedPods} pods synced; pod informer: ${stats.lists} lists, ${stats.events} bus events)`);
        process.exit(0);
      },
      (err: unknown) => {
        console.error(`[kubelet ${config.nodeName}] stop failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (err) {
  console.error(`[kubelet ${config.nodeName}] could not start: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
}
