// The cleanup watchdog (`node --import tsx cleanup-watchdog-process.ts`), started by startCleanupWatchdog.
//
// It reads JSON lines on stdin naming what the benchmark started — `{"kill":<pid>}`,
// `{"database":"<url>"}`, `{"stream":{…bus config}}` — until `{"done":true}`, when the benchmark
// cleaned up by itself and there is nothing to do. If stdin ends first, the benchmark died without
// cleaning up (killed, or Ctrl-C under `npm run`, whose tsx wrapper SIGKILLs a child slow to
// answer a signal): the watchdog stops those processes (SIGTERM, SIGKILL 10 s later), drops the
// databases and deletes the streams. It runs in a process group of its own, out of Ctrl-C's reach.
import { busConfig, connectBus, type BusConfig } from '@kubeledger/bus';
import { dropDatabase } from '@kubeledger/migrations';

const pids: number[] = [];
const databases: string[] = [];
const streams: BusConfig[] = [];
let done = false;
let buffered = '';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const say = (message: string) => process.stderr.write(`[bench cleanup watchdog] ${message}\n`);

async function cleanUp(): Promise<void> {
  say(`the benchmark ended without cleaning up: stopping ${pids.filter(alive).length} process(es), dropping ${databases.length} database(s) and ${streams.length} stream(s)`);
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
  for (const deadline = Date.now() + 10_000; pids.some(alive) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 200));
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const url of databases) await dropDatabase(url).catch((err: Error) => say(`could not drop ${url}: ${err.message}`));
  for (const config of streams) {
    try {
      const conn = await connectBus(busConfig(config), { name: 'bench-cleanup-watchdog' });
      await conn.jsm.streams.delete(config.stream).catch(() => undefined);
      await conn.close();
    } catch (err) {
      say(`could not delete stream ${config.stream}: ${(err as Error).message}`);
    }
  }
  say('done');
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  let newline;
  while ((newline = buffered.indexOf('\n')) >= 0) {
    const line = JSON.parse(buffered.slice(0, newline)) as { kill?: number; database?: string; stream?: BusConfig; done?: boolean };
    buffered = buffered.slice(newline + 1);
    if (line.kill !== undefined) pids.push(line.kill);
    if (line.database) databases.push(line.database);
    if (line.stream) streams.push(line.stream);
    if (line.done) done = true;
  }
});
process.stdin.once('end', () => {
  if (done) process.exit(0);
  cleanUp().then(
    () => process.exit(0),
    (err: unknown) => {
      say(`failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
});
