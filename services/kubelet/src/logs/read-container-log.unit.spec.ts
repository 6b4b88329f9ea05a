import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePodLogOptions } from '@kubeledger/api';
import { criLogLine } from '../runtime/cri-log-writer.js';
import { logReadOptions, readContainerLog, tailStart, type LogReadOptions } from './read-container-log.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-read-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const T0 = Date.parse('2026-11-24T01:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
/** A log file of the given lines, the i-th written at T0 + i s (stderr for lines starting with `!`). */
function logFile(lines: readonly string[], extra = ''): string {
  const file = path.join(dir, `${files++}.log`);
  writeFileSync(file, lines.map((l, i) => criLogLine(at(i), l.startsWith('!') ? 'stderr' : 'stdout', 'F', l)).join('') + extra);
  return file;
}
const options = (o: Partial<LogReadOptions> = {}): LogReadOptions => ({ tail: -1, bytes: -1, since: 0, follow: false, timestamps: false, ...o });

async function read(file: string | undefined, o: Partial<LogReadOptions> = {}, running = () => false): Promise<string> {
  let out = '';
  await readContainerLog({ ...(file && { path: file }), running }, options(o), async (chunk) => void (out += chunk.toString()), new AbortController().signal);
  return out;
}

describe('readContainerLog (upstream ReadLogs)', () => {
  const file = logFile(['one', '!two', 'three', 'four']);

  it('writes every line’s content, stdout and stderr as they were written', async () => {
    expect(await read(file)).toBe('one\n!two\nthree\nfour\n');
  });

  it('tailLines: the last n lines; 0 none; more than there are: all', async () => {
    expect(await read(file, { tail: 1 })).toBe('four\n');
    expect(await read(file, { tail: 2 })).toBe('three\nfour\n');
    expect(await read(file, { tail: 0 })).toBe('');
    expect(await read(file, { tail: 10 })).toBe('one\n!two\nthree\nfour\n');
  });

  it('finds the tail across blocks of the file; a last line without newline is not counted, and then not written (two lines are)', async () => {
    const long = logFile(Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`), '2026-11-24T02:00:00.000000000Z stdout F partial');
    expect(await read(long, { tail: 2 })).toBe(`line 298 ${'x'.repeat(48)}\nline 299 ${'x'.repeat(49)}\n`);
    expect(await read(long, { tail: 3 })).toBe(`line 297 ${'x'.repeat(47)}\nline 298 ${'x'.repeat(48)}\nline 299 ${'x'.repeat(49)}\n`);
    const handle = await open(long);
    try {
      expect(await tailStart(handle, -1)).toBe(0);
      expect(await tailStart(handle, 1000)).toBe(0);
    } finally {
      await handle.close();
    }
  });

  it('since: lines written before it are skipped (sinceSeconds counts back from now; the later of sinceSeconds and sinceTime wins)', async () => {
    expect(await read(file, { since: at(2).getTime() })).toBe('three\nfour\n');
    expect(logReadOptions(decodePodLogOptions({ sinceSeconds: '10' }), at(12)).since).toBe(at(2).getTime());
    expect(logReadOptions(decodePodLogOptions({ sinceTime: '2026-11-24T01:00:03Z', sinceSeconds: '10' }), at(12)).since).toBe(at(3).getTime());
    expect(logReadOptions(decodePodLogOptions({}), at(12))).toEqual(options());
  });

  it('timestamps: each line prefixed with its time, nine fraction digits', async () => {
    expect(await read(file, { tail: 2, timestamps: true })).toBe('2026-11-24T01:00:02.000000000Z three\n2026-11-24T01:00:03.000000000Z four\n');
  });

  it('limitBytes: the output cut after that many bytes, timestamps included', async () => {
    expect(await read(file, { bytes: 6 })).toBe('one\n!t');
    expect(await read(file, { bytes: 4 })).toBe('one\n');
    expect(await read(file, { bytes: 12, timestamps: true })).toBe('2026-11-24T0');
  });

  it('tail with since counts the skipped lines too (as upstream)', async () => {
    expect(await read(file, { tail: 2, since: at(3).getTime() })).toBe('four\n');
  });

  it('an incomplete last line is written when not following; a missing file or none at all is an empty log', async () => {
    expect(await read(logFile(['a'], '2026-11-24T02:00:00Z stdout F b'))).toBe('a\nb');
    expect(await read(path.join(dir, 'missing.log'))).toBe('');
    expect(await read(undefined, { follow: true }, () => true)).toBe('');
  });

  it('follow: writes what is appended while the container runs, then what is left once it stops, and returns', async () => {
    const growing = logFile(['first']);
    let running = true;
    let out = '';
    const changed: (() => void)[] = [];
    const waitFor = (text: string) => new Promise<void>((resolve) => (out.includes(text) ? resolve() : changed.push(() => out.includes(text) && resolve())));
    const done = readContainerLog({ path: growing, running: () => running }, options({ follow: true, tail: 1 }), async (chunk) => {
      out += chunk.toString();
      for (const c of changed) c();
    }, new AbortController().signal);
    await waitFor('first\n');
    appendFileSync(growing, criLogLine(at(5), 'stdout', 'F', 'second'));
    await waitFor('second\n');
    appendFileSync(growing, criLogLine(at(6), 'stdout', 'F', 'last words'));
    running = false;
    await done;
    expect(out).toBe('first\nsecond\nlast words\n');
  });

  it('follow ends when the reader is aborted (the client went away)', async () => {
    const abort = new AbortController();
    let out = '';
    const done = readContainerLog({ path: logFile(['x']), running: () => true }, options({ follow: true }), async (chunk) => {
      out += chunk.toString();
      abort.abort();
    }, abort.signal);
    await done;
    expect(out).toBe('x\n');
  });
});
