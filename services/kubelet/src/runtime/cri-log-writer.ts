import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** `2026-11-24T01:00:00.123000000Z`: RFC 3339 with nanoseconds, as the CRI log format has it. */
export const criTimestamp = (date: Date): string => date.toISOString().replace(/Z$/, '000000Z');

/** One log line in the CRI format (`<time> <stream> <F|P> <content>`), newline included. */
export const criLogLine = (date: Date, stream: 'stdout' | 'stderr', tag: 'F' | 'P', content: string): string => `${criTimestamp(date)} ${stream} ${tag} ${content}\n`;

/**
 * Writes a container's stdout and stderr to one file in the CRI log format, a line per line of
 * output (a trailing line without newline is written, `F`, when its stream ends), so `pods/log`
 * can be served with timestamps later.
 */
export class CriLogWriter {
  readonly #file: WriteStream;
  readonly #now: () => Date;
  readonly #open = new Set<Promise<void>>();

  constructor(path: string, now: () => Date = () => new Date()) {
    this.#file = createWriteStream(path, { flags: 'a' });
    this.#file.on('error', () => undefined); // a log write failing must not take the kubelet down
    this.#now = now;
  }

  attach(source: Readable, stream: 'stdout' | 'stderr'): void {
    let partial = '';
    source.setEncoding('utf8');
    source.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      const now = this.#now();
      for (const line of lines) this.#file.write(criLogLine(now, stream, 'F', line));
    });
    const ended = new Promise<void>((resolve) => {
      const done = () => {
        if (partial) this.#file.write(criLogLine(this.#now(), stream, 'F', partial));
        partial = '';
        resolve();
      };
      source.once('end', done);
      source.once('close', done);
      source.once('error', done);
    });
    this.#open.add(ended);
  }

  /** Waits for the attached streams to end (at most `waitMs`), then closes the file. */
  async close(waitMs = 1000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.#open), new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    await new Promise<void>((resolve) => this.#file.end(resolve));
  }
}
