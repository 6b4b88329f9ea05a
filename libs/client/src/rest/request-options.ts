/** What every call takes. */
export interface CallOptions {
  /** A W3C traceparent to send instead of the active span's (DESIGN §7: a consumer's REST calls continue the event's trace). */
  readonly traceparent?: string;
  /** Aborts the request, the retries and their waits; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** This call's timeout per attempt, in ms, instead of the client's (0: none). */
  readonly timeoutMs?: number;
  /** Extra request headers (e.g. `Impersonate-User`); they override the client's. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface GetOptions extends CallOptions {
  /** `''`/absent: the latest; `'0'`: any; else at least that revision (a GET does not read history). */
  readonly resourceVersion?: string;
}

export type ResourceVersionMatch = 'Exact' | 'NotOlderThan';

export interface ListOptions extends CallOptions {
  /** Every namespace when absent (namespaced resources); must be absent for cluster-scoped ones. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Page size; the answer's `continue` asks for the next page. */
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: ResourceVersionMatch;
  readonly timeoutSeconds?: number;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions extends CallOptions {
  readonly fieldManager?: string;
  /** `dryRun=All`: validated and admitted, not stored. */
  readonly dryRun?: boolean;
  readonly fieldValidation?: FieldValidation;
}

export interface PatchOptions extends WriteOptions {
  /** `status`, `scale`, … */
  readonly subresource?: string;
  /** Server-side apply only: take fields other managers own. */
  readonly force?: boolean;
}

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions extends CallOptions {
  readonly gracePeriodSeconds?: number;
  /** Delete only if the object still has this uid / resourceVersion (else 409). */
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly propagationPolicy?: PropagationPolicy;
  readonly dryRun?: boolean;
}

/** The content types of the patch kinds (the apiserver serves `json` and `merge` today). */
export const PatchContentTypes = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;
export type PatchType = keyof typeof PatchContentTypes;

type Query = Record<string, string | number | boolean | undefined>;

export function getQuery(opts: GetOptions = {}): Query {
  return { resourceVersion: opts.resourceVersion };
}

export function listQuery(opts: ListOptions = {}): Query {
  return {
    labelSelector: opts.labelSelector,
    fieldSelector: opts.fieldSelector,
    limit: opts.limit,
    continue: opts.continue,
    resourceVersion: opts.resourceVersion,
    resourceVersionMatch: opts.resourceVersionMatch,
    timeoutSeconds: opts.timeoutSeconds,
  };
}

export function writeQuery(opts: WriteOptions & { force?: boolean } = {}): Query {
  return { dryRun: opts.dryRun ? 'All' : undefined, fieldManager: opts.fieldManager, fieldValidation: opts.fieldValidation, force: opts.force };
}

/** The `DeleteOptions` body (upstream reads it from the body of a DELETE), or undefined when there is nothing to say. */
export function deleteBody(opts: DeleteOptions = {}): Record<string, unknown> | undefined {
  const body = {
    ...(opts.gracePeriodSeconds !== undefined && { gracePeriodSeconds: opts.gracePeriodSeconds }),
    ...(opts.preconditions && { preconditions: opts.preconditions }),
    ...(opts.propagationPolicy && { propagationPolicy: opts.propagationPolicy }),
    ...(opts.dryRun && { dryRun: ['All'] }),
  };
  return Object.keys(body).length ? { kind: 'DeleteOptions', apiVersion: 'v1', ...body } : undefined;
}
