import path from 'node:path';
import { loadClusterPki, issueClientCertificate, renderKubeconfig, writeKubeconfig, type ClusterPki } from '@kubeledger/pki';
import { startApiserver, startComponent, type ApiserverProcess, type ComponentProcess } from '@kubeledger/test-cluster';
import type { Cleanup } from '../cleanup.js';
import { progress } from '../report.js';
import { startKubeletRunner, type KubeletRunner } from './start-kubelet-runner.js';

export interface PodClusterOptions {
  /** Fake kubelets, named node-1 … node-N. */
  readonly nodes: number;
  /** Processes they are spread over. */
  readonly runners: number;
  /** Settings of every kubelet (capacity, intervals). */
  readonly kubeletEnv: Record<string, string>;
  readonly controllerManager: boolean;
  /** A directory for `node --cpu-prof` profiles of every process (written when they stop). */
  readonly profileDir?: string;
}

export interface PodCluster {
  readonly server: ApiserverProcess;
  readonly scheduler: ComponentProcess;
  readonly controllerManager?: ComponentProcess;
  readonly runners: readonly KubeletRunner[];
}

/**
 * The control plane of the pods benchmark, each part a process as `npm start` runs it: the
 * apiserver on a database and stream of its own, the scheduler, the controller-manager, and
 * `nodes` fake kubelets in `runners` processes — every component with a client certificate of its
 * own identity from the cluster CA. Everything started is registered with `cleanup`, so a failure
 * half-way (or Ctrl-C) still stops it all and drops the database and stream.
 */
export async function startPodCluster(options: PodClusterOptions, cleanup: Cleanup): Promise<PodCluster> {
  const { profileDir } = options;
  // One directory per process: node writes a profile per thread (the main one and tsx's loader).
  const profile = (component: string) => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir, component)}`] : []);
  progress('starting the apiserver on a fresh database and stream');
  const server = await startApiserver({ KUBELEDGER_COMPACTION_INTERVAL: '0' }, profile('apiserver'));
  cleanup.defer('apiserver (and its database and stream)', () => server.stop());
  cleanup.watchdog.killOnExit(server.pid);
  cleanup.watchdog.dropOnExit(server.databaseUrl);
  cleanup.watchdog.deleteStreamOnExit(server.bus);

  const pki = await loadClusterPki(server.databaseUrl);
  const kubeconfigFor = (user: string, groups: readonly string[] = []) => writeIdentity(pki, server, user, groups);

  progress('starting the scheduler');
  const scheduler = await startComponent('scheduler', server, await kubeconfigFor('system:kube-scheduler'), {}, /\[scheduler\] ready \(/, profile('scheduler'));
  cleanup.defer('scheduler', () => scheduler.stop());
  cleanup.watchdog.killOnExit(scheduler.pid);
  let controllerManager: ComponentProcess | undefined;
  if (options.controllerManager) {
    progress('starting the controller-manager');
    const cm = await startComponent('controller-manager', server, await kubeconfigFor('system:kube-controller-manager'), {}, /\[controller-manager\] ready \(/, profile('controller-manager'));
    cleanup.defer('controller-manager', () => cm.stop());
    cleanup.watchdog.killOnExit(cm.pid);
    controllerManager = cm;
  }

  progress(`issuing ${options.nodes} node certificates (system:node:<name> in system:nodes)`);
  const kubelets = [];
  for (let i = 1; i <= options.nodes; i++) {
    const node = `node-${i}`;
    kubelets.push({ node, kubeconfig: await kubeconfigFor(`system:node:${node}`, ['system:nodes']) });
  }
  const runners: KubeletRunner[] = [];
  const perRunner = Math.ceil(options.nodes / options.runners);
  for (let r = 0; r < options.runners; r++) {
    const mine = kubelets.slice(r * perRunner, (r + 1) * perRunner);
    if (mine.length === 0) break;
    progress(`starting kubelet runner ${r + 1}/${options.runners}: ${mine[0]!.node} … ${mine.at(-1)!.node}`);
    const started = startKubeletRunner(server, mine, options.kubeletEnv, profile(`kubelets-${r + 1}`));
    cleanup.defer(`kubelet runner ${r + 1}`, async () => (await started.catch(() => undefined))?.stop());
    const runner = await started;
    cleanup.watchdog.killOnExit(runner.pid); // it also stops by itself when this process goes (its stdin closes)
    runners.push(runner);
  }
  return { server, scheduler, ...(controllerManager && { controllerManager }), runners };
}

/** A kubeconfig for `user` in `groups` next to the admin's (the server's directory, removed when it stops). */
async function writeIdentity(pki: ClusterPki, server: ApiserverProcess, user: string, groups: readonly string[]): Promise<string> {
  const file = path.join(path.dirname(server.kubeconfig), `${user.replace(/[^A-Za-z0-9._-]/g, '_')}.kubeconfig`);
  const credentials = await issueClientCertificate(pki.ca, { user, groups, validDays: 1 });
  await writeKubeconfig(file, renderKubeconfig({ server: server.url, caPem: pki.ca.certPem, userName: user, credentials }));
  return file;
}
