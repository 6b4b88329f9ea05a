/** Why `kubeledger up` cannot start, worded for the user: what is wrong and what to do next. */
export class StartError extends Error {
  override readonly name = 'StartError';
}
