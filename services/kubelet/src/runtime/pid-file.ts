import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** A process a container runs as: its pid and its start time (from /proc, so a reused pid is not mistaken for it). */
export interface PidRecord {
  readonly container: string;
  readonly pid: number;
  readonly startTime: string;
}

/** The process's start time in clock ticks since boot (`/proc/<pid>/stat` field 22); '' when unknown (no /proc, gone). */
export function processStartTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** True when `record` is still the same live process (not a zombie waiting to be reaped). */
export function stillRunning(record: PidRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch {
    return false;
  }
  try {
    if (/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${record.pid}/stat`, 'utf8'))) return false;
  } catch {
    // no /proc: trust kill(0)
  }
  const now = processStartTime(record.pid);
  return record.startTime === '' || now === '' || now === record.startTime;
}

/** `<pod dir>/pids`: one `<container> <pid> <start time>` line per running container process. */
export function writePidFile(path: string, records: readonly PidRecord[]): void {
  if (records.length === 0) rmSync(path, { force: true });
  else writeFileSync(path, records.map((r) => `${r.container} ${r.pid} ${r.startTime}\n`).join(''));
}

export function readPidFile(path: string): PidRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '))
    .filter(([, pid]) => Number.isInteger(Number(pid)) && Number(pid) > 1)
    .map(([container, pid, startTime]) => ({ container: container ?? '', pid: Number(pid), startTime: startTime ?? '' }));
}
