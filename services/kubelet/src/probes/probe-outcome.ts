/**
 * What one probe attempt found (upstream's pkg/probe Result and output): `warning` counts as a
 * success (an HTTP redirect not followed). An `error` means the probe could not be run (a named
 * port the container does not have: `unknown`) or its answer not read (`failure`): its result is
 * thrown away.
 */
export interface ProbeOutcome {
  readonly result: 'success' | 'warning' | 'failure' | 'unknown';
  readonly output: string;
  readonly error?: Error;
}

/** At most this much of a probe's output (exec output, HTTP body) is kept, as upstream. */
export const MAX_PROBE_OUTPUT = 10 * 1024;

export const succeeded = (output = ''): ProbeOutcome => ({ result: 'success', output });
export const failed = (output: string): ProbeOutcome => ({ result: 'failure', output });
export const errored = (error: Error): ProbeOutcome => ({ result: 'unknown', output: '', error });
