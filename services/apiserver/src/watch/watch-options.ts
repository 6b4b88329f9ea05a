import { FieldErrorTypes, badRequest, invalid, type FieldError } from '@kubeledger/api';

/** The ListOptions of a watch request, checked as upstream's validateWatchOptions does. */
export interface WatchOptions {
  /** '' (most recent), '0' (any) or a revision. */
  readonly resourceVersion: string;
  readonly sendInitialEvents?: boolean;
  readonly allowWatchBookmarks: boolean;
  /** When the server ends the stream; unset = its own choice. */
  readonly timeoutSeconds?: number;
}

const LIST_OPTIONS = { group: 'meta.k8s.io', kind: 'ListOptions' };
const NOT_OLDER_THAN = 'NotOlderThan';

export function watchOptions(query: Record<string, string | undefined>): WatchOptions {
  const resourceVersion = query['resourceVersion'] ?? '';
  if (resourceVersion !== '' && !/^(0|[1-9][0-9]*)$/.test(resourceVersion)) throw badRequest(`invalid resource version "${resourceVersion}"`);
  const sendInitialEvents = optionalBoolean(query, 'sendInitialEvents');
  const match = query['resourceVersionMatch'] ?? '';
  const errors: FieldError[] = [];
  if (sendInitialEvents !== undefined && match !== NOT_OLDER_THAN) {
    errors.push({ type: FieldErrorTypes.forbidden, field: 'resourceVersionMatch', detail: `sendInitialEvents requires setting resourceVersionMatch to ${NOT_OLDER_THAN}` });
  }
  if (match !== '') {
    if (sendInitialEvents === undefined) {
      errors.push({ type: FieldErrorTypes.forbidden, field: 'resourceVersionMatch', detail: 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided' });
    }
    if (match !== NOT_OLDER_THAN) {
      errors.push({ type: FieldErrorTypes.notSupported, field: 'resourceVersionMatch', badValue: match, detail: `supported values: "${NOT_OLDER_THAN}"` });
    }
    if (query['continue']) {
      errors.push({ type: FieldErrorTypes.forbidden, field: 'resourceVersionMatch', detail: 'resourceVersionMatch is forbidden when continue is provided' });
    }
  }
  if (errors.length) throw invalid(LIST_OPTIONS, '', errors);
  const timeout = query['timeoutSeconds'];
  let timeoutSeconds: number | undefined;
  if (timeout !== undefined && timeout !== '') {
    timeoutSeconds = Number(timeout);
    if (!Number.isSafeInteger(timeoutSeconds) || timeoutSeconds < 0) throw badRequest(`invalid timeoutSeconds "${timeout}": must be a non-negative integer`);
  }
  return {
    resourceVersion,
    ...(sendInitialEvents !== undefined && { sendInitialEvents }),
    allowWatchBookmarks: optionalBoolean(query, 'allowWatchBookmarks') ?? false,
    ...(timeoutSeconds !== undefined && timeoutSeconds > 0 && { timeoutSeconds }),
  };
}

function optionalBoolean(query: Record<string, string | undefined>, name: string): boolean | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw badRequest(`invalid ${name} "${value}": must be true or false`);
}
