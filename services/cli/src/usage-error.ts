/** A mistake in the command line: the usage is printed with it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
