// The `kubeledger` command (`npm run kubeledger -- <command>`).
import { CREDENTIALS_USAGE, credentialsCommand } from './credentials-command.js';
import { HISTORY_USAGE, historyCommand } from './history/history-command.js';
import { INIT_USAGE, initCommand } from './init-command.js';
import { NATS_CONFIG_USAGE, natsConfigCommand } from './nats-config-command.js';
import { TRACE_USAGE, traceCommand } from './trace/trace-command.js';
import { upCommand } from './up-command.js';
import { UsageError } from './usage-error.js';

const USAGE = `usage: kubeledger <command> [options]

commands:
  up            run the control plane here (what npm start runs)
  credentials   issue a client certificate and kubeconfig for a user and groups
  history       print every retained revision of an object: who changed what, as diffs
  init          write the credentials and configs a stack of separate containers needs (compose)
  nats-config   write the nats-server config and each component's NATS credentials
  trace         print the trace of a pod's creation from Jaeger as a waterfall

${CREDENTIALS_USAGE}

${HISTORY_USAGE}

${INIT_USAGE}

${NATS_CONFIG_USAGE}

${TRACE_USAGE}`;

const [command, ...args] = process.argv.slice(2);
try {
  switch (command) {
    case 'credentials': {
      const file = await credentialsCommand(args);
      console.log(`wrote ${file}\nuse it: kubectl --kubeconfig ${file} get pods`);
      break;
    }
    case 'history':
      process.exitCode = await historyCommand(args);
      break;
    case 'init':
      await initCommand(args);
      break;
    case 'up':
      process.exitCode = await upCommand();
      break;
    case 'nats-config':
      for (const file of await natsConfigCommand(args)) console.log(`wrote ${file}`);
      break;
    case 'trace':
      process.exitCode = await traceCommand(args);
      break;
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      break;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
} catch (err) {
  const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`kubeledger: ${(err as Error).message}${usage ? `\n\n${USAGE}` : ''}`);
  if (!usage) console.error('Check that Postgres is reachable at DATABASE_URL and the apiserver has started once (it creates the cluster CA).');
  process.exit(usage ? 2 : 1);
}
