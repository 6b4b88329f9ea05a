import { alreadyExists, badRequest, conflict, notFound, serviceUnavailable, tooLargeResourceVersion, tooOldResourceVersion, type GroupResource } from '@kubeledger/api';
import { isStorageError } from '@kubeledger/event-store';

/** The one place storage errors become API errors (upstream's storage.InterpretXError). */
export function interpretStorageError(err: unknown, gr: GroupResource, name: string): unknown {
  if (!isStorageError(err)) return err;
  switch (err.code) {
    case 'KeyNotFound':
      return notFound(gr, name);
    case 'KeyExists':
      return alreadyExists(gr, name);
    case 'Conflict':
      return err.details.precondition === 'uid'
        ? conflict(gr, name, `Precondition failed: UID in precondition does not match the UID of the object`)
        : conflict(gr, name);
    case 'Expired':
      return tooOldResourceVersion(err.details.askedRevision ?? 0, err.details.revision ?? 0);
    case 'TooLargeRevision':
      return tooLargeResourceVersion(err.details.askedRevision ?? 0, err.details.revision ?? 0);
    case 'InvalidContinue':
      return badRequest('continue key is not valid');
    case 'Unreachable':
      return serviceUnavailable(err.message);
    default: {
      const never: never = err.code;
      return new Error(`unknown storage error ${String(never)}`);
    }
  }
}
