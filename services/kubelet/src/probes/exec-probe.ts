import type { ExecResult } from '../runtime/container-runtime.js';
import { goDuration } from '../runtime/restart-backoff.js';
import { errored, failed, MAX_PROBE_OUTPUT, succeeded, type ProbeOutcome } from './probe-outcome.js';

/**
 * An exec probe (upstream's pkg/probe/exec over the runtime's ExecSync): the command's exit code
 * decides — 0 is a success —, its output (stdout then stderr, at most 10 KiB) is what a failure
 * shows; past the timeout it is killed and fails with `command timed out: "<cmd>" timed out after
 * 1s`. A command the runtime could not run at all (the container is not running) is an error.
 */
export async function execProbe(exec: (command: readonly string[], timeoutMs: number) => Promise<ExecResult>, command: readonly string[], timeoutMs: number): Promise<ProbeOutcome> {
  let result: ExecResult;
  try {
    result = await exec(command, timeoutMs);
  } catch (err) {
    return errored(err as Error);
  }
  if (result.timedOut) return failed(`command timed out: ${JSON.stringify(command.join(' '))} timed out after ${goDuration(timeoutMs)}`);
  const output = (result.stdout + result.stderr).slice(0, MAX_PROBE_OUTPUT);
  return result.exitCode === 0 ? succeeded(output) : failed(output);
}
