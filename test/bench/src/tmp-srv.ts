import { startApiserver } from '@kubeledger/test-cluster';
const server = await startApiserver({ KUBELEDGER_COMPACTION_INTERVAL: '0' });
console.log(server.url, server.kubeconfig, server.databaseUrl);
process.on('SIGTERM', async () => { await server.stop(); process.exit(0); });
let seen = 0;
setInterval(() => { while (seen < server.output.length) console.log(server.output[seen++]); }, 500);
