import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { PodLogOptions } from '@kubeledger/api';
import type { RuntimeContainerLog } from '../runtime/container-runtime.js';
import { parseCriLogLine } from './cri-log-line.js';

/** How a log is read (upstream's kuberuntime LogOptions). */
export interface LogReadOptions {
  /** The last `tail` lines only; -1: all. */
  readonly tail: number;
  /** At most this many bytes of output; -1: no limit. */
  readonly bytes: number;
  /** Lines older than this (ms since the epoch) are skipped; 0: none. */
  readonly since: number;
  /** Keep reading what is written until the container stops. */
  readonly follow: boolean;
  /** Each line prefixed with its time (RFC3339NanoFixed) and a space. */
  readonly timestamps: boolean;
}

/** NewLogOptions: PodLogOptions as the reader takes them; sinceSeconds counts back from `now`, the later of it and sinceTime wins. */
export function logReadOptions(options: PodLogOptions, now: Date): LogReadOptions {
  let since = options.sinceSeconds !== undefined ? now.getTime() - options.sinceSeconds * 1000 : 0;
  if (options.sinceTime !== undefined && options.sinceTime.getTime() > since) since = options.sinceTime.getTime();
  return { tail: options.tailLines ?? -1, bytes: options.limitBytes ?? -1, since, follow: options.follow, timestamps: options.timestamps };
}

/** How long a follower waits for a change of the file before it looks again (upstream's logForceCheckPeriod). */
const FORCE_CHECK_MS = 1000;
const BLOCK = 1024;
const READ_SIZE = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * Writes a container's log to `write` (upstream's kuberuntime ReadLogs): from the start of the
 * last `tail` lines, each CRI line's content — stdout and stderr interleaved as written — lines
 * older than `since` skipped, prefixed with their time when asked, cut off after `bytes`.
 * Following, it then waits for more (a change of the file, or a second) until the container no
 * longer runs, reads what is left, and returns; it returns early when `signal` aborts. A missing
 * file is an empty log.
 */
export async function readContainerLog(source: RuntimeContainerLog, options: LogReadOptions, write: (chunk: Buffer) => Promise<void>, signal: AbortSignal): Promise<void> {
  if (!source.path) return;
  let file: FileHandle | undefined;
  let watcher: FSWatcher | undefined;
  try {
    file = await openIfExists(source.path);
    const reader = new LineReader(options, write);
    let position = file ? await tailStart(file, options.tail) : 0;
    let finishing = false;
    const buffer = Buffer.alloc(READ_SIZE);
    while (!signal.aborted && !reader.done) {
      file ??= await openIfExists(source.path);
      const { bytesRead } = file ? await file.read(buffer, 0, READ_SIZE, position) : { bytesRead: 0 };
      if (bytesRead > 0) {
        position += bytesRead;
        await reader.push(buffer.subarray(0, bytesRead));
        continue;
      }
      if (!options.follow) return await reader.end();
      if (finishing) return; // the container stopped and everything it wrote is read (a last incomplete line is not)
      if (!source.running()) {
        finishing = true; // read to the end once more
        continue;
      }
      if (file && !watcher) watcher = watchFile(source.path);
      await changeOrTimeout(watcher, signal);
    }
  } finally {
    watcher?.close();
    await file?.close();
  }
}

/** Splits what is read into lines and writes their content as the options say. */
class LineReader {
  readonly #options: LogReadOptions;
  readonly #write: (chunk: Buffer) => Promise<void>;
  #pending: Buffer = Buffer.alloc(0);
  #remaining: number;
  /** Lines still to write when only a tail is asked for and not followed (the file may grow meanwhile). */
  #limit: number;
  done = false;

  constructor(options: LogReadOptions, write: (chunk: Buffer) => Promise<void>) {
    this.#options = options;
    this.#write = write;
    this.#remaining = options.bytes >= 0 ? options.bytes : Number.POSITIVE_INFINITY;
    this.#limit = options.tail >= 0 && !options.follow ? options.tail : Number.POSITIVE_INFINITY;
    if (this.#limit === 0) this.done = true;
  }

  async push(data: Buffer): Promise<void> {
    const chunks: Buffer[] = [];
    let text = this.#pending.length ? Buffer.concat([this.#pending, data]) : data;
    for (let eol = text.indexOf(NEWLINE); eol >= 0 && !this.done; eol = text.indexOf(NEWLINE)) {
      this.#line(text.subarray(0, eol + 1), chunks);
      text = text.subarray(eol + 1);
    }
    this.#pending = this.done ? Buffer.alloc(0) : Buffer.from(text);
    if (chunks.length) await this.#write(Buffer.concat(chunks));
  }

  /** The end of a log not followed: an incomplete last line is written too. */
  async end(): Promise<void> {
    const chunks: Buffer[] = [];
    if (this.#pending.length && !this.done) this.#line(this.#pending, chunks);
    this.#pending = Buffer.alloc(0);
    this.done = true;
    if (chunks.length) await this.#write(Buffer.concat(chunks));
  }

  #line(raw: Buffer, out: Buffer[]): void {
    const line = parseCriLogLine(raw);
    if (!line) return; // upstream logs and skips a line it cannot parse
    if (line.ms >= this.#options.since) {
      const output = this.#options.timestamps ? Buffer.concat([Buffer.from(`${line.time} `), line.content]) : line.content;
      const cut = output.length > this.#remaining ? output.subarray(0, this.#remaining) : output;
      out.push(cut);
      this.#remaining -= cut.length;
      if (this.#remaining <= 0) this.done = true;
    }
    if (--this.#limit === 0) this.done = true; // a line older than `since` counts too, as upstream's
  }
}

/**
 * Where the last `n` lines start (upstream's tail.FindTailLineStartIndex): blocks read from the
 * end, newlines counted; a last line without a newline does not count. n < 0: the beginning.
 */
export async function tailStart(file: FileHandle, n: number): Promise<number> {
  if (n < 0) return 0;
  const { size } = await file.stat();
  let left = 0;
  let count = 0;
  let block = Buffer.alloc(0);
  for (let right = size; right > 0 && count <= n; right -= BLOCK) {
    left = Math.max(0, right - BLOCK);
    block = Buffer.alloc(right - left);
    await file.read(block, 0, block.length, left);
    for (const byte of block) if (byte === NEWLINE) count++;
  }
  for (; count > n; count--) {
    const next = block.indexOf(NEWLINE) + 1;
    block = block.subarray(next);
    left += next;
  }
  return left;
}

async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Notices changes of the file (inotify); undefined when it cannot be watched (then the periodic check alone). */
function watchFile(path: string): FSWatcher | undefined {
  try {
    const watcher = watch(path, { persistent: false });
    watcher.on('error', () => watcher.close());
    return watcher;
  } catch {
    return undefined;
  }
}

/** Resolves at the next change of the file, after FORCE_CHECK_MS, or when `signal` aborts. */
function changeOrTimeout(watcher: FSWatcher | undefined, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      watcher?.off('change', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, FORCE_CHECK_MS);
    watcher?.once('change', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
