import { FieldErrorTypes, type FieldError } from './field-error.js';
import { badRequest } from './status-error.js';
import { rfc3339 } from './timestamps.js';

/**
 * core/v1 PodLogOptions (api/core/v1/types.go), as the query of `GET …/pods/<name>/log` and of
 * the kubelet's `/containerLogs` carries it. `stream` (feature gate PodLogsQuerySplitStreams, off
 * by default) is not read.
 */
export interface PodLogOptions {
  readonly container?: string;
  readonly follow: boolean;
  readonly previous: boolean;
  readonly timestamps: boolean;
  readonly sinceSeconds?: number;
  readonly sinceTime?: Date;
  readonly tailLines?: number;
  readonly limitBytes?: number;
  readonly insecureSkipTLSVerifyBackend: boolean;
}

/** A parsed query string: a parameter given more than once is an array (only the first value counts, as upstream). */
export type QueryParameters = Readonly<Record<string, string | readonly string[] | undefined>>;

const first = (query: QueryParameters, name: string): string | undefined => {
  const value = query[name];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
};

/** Convert_Slice_string_To_bool: absent is false, `0` and `false` (any case) are false, anything else is true. */
function bool(query: QueryParameters, name: string): boolean {
  const value = first(query, name);
  return value !== undefined && value !== '0' && value.toLowerCase() !== 'false';
}

/** strconv.ParseInt(value, 10, 64); absent or empty: unset. */
function int64(query: QueryParameters, name: string): number | undefined {
  const value = first(query, name);
  if (value === undefined || value === '') return undefined;
  if (!/^[+-]?\d+$/.test(value)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range`);
  return n;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** metav1.Time.UnmarshalQueryParameter: RFC 3339 (`2026-11-24T01:00:00Z`, fractions and offsets allowed); empty or `null`: unset. */
function time(query: QueryParameters, name: string): Date | undefined {
  const value = first(query, name);
  if (value === undefined || value === '' || value === 'null') return undefined;
  const at = RFC3339.test(value) ? Date.parse(value.toUpperCase()) : NaN;
  if (Number.isNaN(at)) throw badRequest(`parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as RFC 3339`);
  return new Date(at);
}

/**
 * Decodes PodLogOptions from a query as upstream's parameter codec does: a number or time that
 * does not parse is a 400 BadRequest.
 */
export function decodePodLogOptions(query: QueryParameters): PodLogOptions {
  const container = first(query, 'container');
  const sinceSeconds = int64(query, 'sinceSeconds');
  const sinceTime = time(query, 'sinceTime');
  const tailLines = int64(query, 'tailLines');
  const limitBytes = int64(query, 'limitBytes');
  return {
    ...(container && { container }),
    follow: bool(query, 'follow'),
    previous: bool(query, 'previous'),
    timestamps: bool(query, 'timestamps'),
    ...(sinceSeconds !== undefined && { sinceSeconds }),
    ...(sinceTime !== undefined && { sinceTime }),
    ...(tailLines !== undefined && { tailLines }),
    ...(limitBytes !== undefined && { limitBytes }),
    insecureSkipTLSVerifyBackend: bool(query, 'insecureSkipTLSVerifyBackend'),
  };
}

/** ValidatePodLogOptions (pkg/apis/core/validation): field errors for a 422 `PodLogOptions "<pod>" is invalid`. */
export function validatePodLogOptions(options: PodLogOptions): FieldError[] {
  const errors: FieldError[] = [];
  if (options.tailLines !== undefined && options.tailLines < 0) errors.push({ type: FieldErrorTypes.invalid, field: 'tailLines', badValue: options.tailLines, detail: 'must be greater than or equal to 0' });
  if (options.limitBytes !== undefined && options.limitBytes < 1) errors.push({ type: FieldErrorTypes.invalid, field: 'limitBytes', badValue: options.limitBytes, detail: 'must be greater than 0' });
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined) {
    errors.push({ type: FieldErrorTypes.forbidden, field: '', detail: 'at most one of `sinceTime` or `sinceSeconds` may be specified' });
  } else if (options.sinceSeconds !== undefined && options.sinceSeconds < 1) {
    errors.push({ type: FieldErrorTypes.invalid, field: 'sinceSeconds', badValue: options.sinceSeconds, detail: 'must be greater than 0' });
  }
  return errors;
}

/**
 * The query the apiserver sends the kubelet (LogLocation): the options that are set, sinceTime
 * in whole seconds (time.RFC3339), the container in the path rather than the query.
 */
export function podLogQuery(options: PodLogOptions): string {
  const params = new URLSearchParams();
  if (options.follow) params.set('follow', 'true');
  if (options.previous) params.set('previous', 'true');
  if (options.timestamps) params.set('timestamps', 'true');
  if (options.sinceSeconds !== undefined) params.set('sinceSeconds', String(options.sinceSeconds));
  if (options.sinceTime !== undefined) params.set('sinceTime', rfc3339(options.sinceTime));
  if (options.tailLines !== undefined) params.set('tailLines', String(options.tailLines));
  if (options.limitBytes !== undefined) params.set('limitBytes', String(options.limitBytes));
  params.sort(); // url.Values.Encode sorts by key
  return params.toString();
}
