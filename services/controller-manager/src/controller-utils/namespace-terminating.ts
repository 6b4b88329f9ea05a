import { isApiError, isForbidden } from '@kubeledger/client';

/**
 * A create refused because its namespace is being deleted (apimachinery's
 * `HasStatusCause(err, NamespaceTerminatingCause)`; the NamespaceLifecycle 403 says so in its message).
 */
export const isNamespaceTerminating = (err: unknown): boolean =>
  isApiError(err) && ((err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating') || (isForbidden(err) && err.message.includes('because it is being terminated')));
