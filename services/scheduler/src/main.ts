// The scheduler process: binds unscheduled pods to nodes (DESIGN §5).
import { runComponent } from '@kubeledger/client';
import { loadConfig } from './config.js';
import { SchedulerController } from './scheduler.controller.js';

await runComponent({
  name: 'scheduler',
  loadConfig,
  userAgent: (config) => `kubeledger-scheduler/0.1.0 (${config.schedulerName})`,
  lease: 'kube-scheduler',
  create(config, { client, bus, log }) {
    const controller = new SchedulerController({ client, bus, settings: config, log });
    return {
      start: () => controller.start(),
      run: () => void controller.runLoop(),
      stop: () => controller.stop(),
      summary: () => `${config.schedulerName}: ${controller.nodes.list().length} nodes, ${controller.pods.list().length} pods, ${controller.queue.stats.active} to schedule`,
    };
  },
});
