// A process hosting several fake kubelets for the pods benchmark (`node --import tsx kubelet-runner.ts`).
//
// Each kubelet is what services/kubelet/src/main.ts starts — startKubelet with its own settings
// (loadConfig), its own client certificate (system:node:<name> in system:nodes, so the Node
// authorizer sees each node as itself) and its own NATS connection — only many of them share one
// Node process, so 100 nodes fit on a 2-core machine. The kubelet's modules are loaded by path, as
// libs/test-cluster runs a service's main.ts by path: the bench never imports a service.
//
// Input (environment): BENCH_KUBELETS, a JSON array of { node, kubeconfig }; every other setting as
// the kubelet reads it (NATS_URL, KUBELEDGER_STREAM, KUBELEDGER_NODE_PODS, …). Output: one
// `ready:` line once every kubelet has registered and synced, then only problems. Stops on SIGTERM
// or SIGINT, and when its stdin closes (the benchmark that started it is gone).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '@kubeledger/test-cluster';

interface RunningKubelet {
  readonly pods: { readonly syncedPods: number };
  stop(): Promise<void>;
}
interface KubeletModule {
  startKubelet(config: unknown, log: (message: string) => void): Promise<RunningKubelet>;
}
interface KubeletConfigModule {
  loadConfig(env: NodeJS.ProcessEnv): unknown;
}

/** Kubelets registering at once: each does a few requests and opens a consumer. */
const START_CONCURRENCY = 8;

const load = <T>(file: string) => import(pathToFileURL(path.join(REPO_ROOT, 'services/kubelet/src', file)).href) as Promise<T>;
const { startKubelet } = await load<KubeletModule>('kubelet.ts');
const { loadConfig } = await load<KubeletConfigModule>('config.ts');

const nodes = JSON.parse(process.env['BENCH_KUBELETS'] ?? '[]') as { node: string; kubeconfig: string }[];
const name = `kubelets ${nodes[0]?.node ?? ''}…${nodes.at(-1)?.node ?? ''}`;
const say = (message: string) => console.log(`[${name}] ${message}`);
let podSyncs = 0;
const logFor = (node: string) => (message: string) => {
  if (message.startsWith('syncing pod ')) podSyncs++; // one per pod: counted, not printed
  else console.log(`[kubelet ${node}] ${message}`);
};

const kubelets: RunningKubelet[] = [];
let stopping: Promise<void> | undefined;
const stop = (why: string) => {
  stopping ??= (async () => {
    say(`${why}: stopping ${kubelets.length} kubelets`);
    setTimeout(() => {
      console.error(`[${name}] did not stop within 15 s, exiting`);
      process.exit(1);
    }, 15_000).unref();
    const results = await Promise.allSettled(kubelets.map((k) => k.stop()));
    const failed = results.filter((r) => r.status === 'rejected').length;
    say(`stopped (${podSyncs} pod syncs${failed ? `, ${failed} kubelets failed to stop` : ''})`);
    process.exit(failed ? 1 : 0);
  })();
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
process.stdin.on('data', () => undefined).once('end', () => stop('the benchmark is gone'));

const started = performance.now();
try {
  let next = 0;
  await Promise.all(
    Array.from({ length: START_CONCURRENCY }, async () => {
      while (next < nodes.length && !stopping) {
        const { node, kubeconfig } = nodes[next++]!;
        // KUBELEDGER_KUBELET_PORT=0: each kubelet's HTTPS server (once it has one) on a free port of its own.
        const config = loadConfig({ ...process.env, KUBELEDGER_NODE_NAME: node, KUBECONFIG: kubeconfig, KUBELEDGER_KUBELET_PORT: '0' });
        kubelets.push(await startKubelet(config, logFor(node)));
      }
    }),
  );
} catch (err) {
  console.error(`[${name}] could not start: ${(err as Error).stack ?? String(err)}`);
  stop('start failed');
}
if (!stopping) say(`ready: ${kubelets.length} kubelets in ${((performance.now() - started) / 1000).toFixed(1)} s`);
