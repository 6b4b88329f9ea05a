// `npm run bench -- <suite>`: runs one benchmark, prints its table, writes test/bench/results/<suite>.json.
const suites: Record<string, () => Promise<{ run(args: readonly string[]): Promise<void> }>> = {
  store: () => import('./suites/store.js'),
  api: () => import('./suites/api.js'),
  auth: () => import('./suites/auth.js'),
  pods: () => import('./suites/pods.js'),
  apply: () => import('./suites/apply.js'),
  controllers: () => import('./suites/controllers.js'),
  'managed-fields': () => import('./suites/managed-fields.js'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? suites[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <suite> [options]\nsuites: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
try {
  await (await load()).run(args);
  process.exit(0);
} catch (err) {
  console.error(`bench ${name} failed: ${(err as Error).stack ?? String(err)}`);
  console.error('Postgres must be reachable at KUBELEDGER_TEST_DATABASE_URL (default 127.0.0.1:5432) and NATS at NATS_URL (default 127.0.0.1:4222).');
  process.exit(1);
}
